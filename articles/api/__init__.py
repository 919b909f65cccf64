"""The API's stories and sections: the public read API, ninjs, and the desk's write API."""
