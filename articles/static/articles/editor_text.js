// The body's text as the desk's scripts read it (body_editor.js checks the names in it,
// proposals.js links a proposed one): the same offsets in both.

// Each textblock's text and where it starts, with every inline node that is not text (a line
// break) as one character, so an offset in the text plus the block's start is a document
// position.
export const textBlocks = (doc) => {
  const blocks = []
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true
    let text = ""
    node.forEach((child) => {
      text += child.isText ? child.text : "\n"
    })
    blocks.push({ text, pos: pos + 1 })
    return false
  })
  return blocks
}
