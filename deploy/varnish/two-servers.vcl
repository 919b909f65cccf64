# Varnish in front of two (or more) web machines running Newsroom: the shipped VCL
# (newsroom.vcl: caching, purges by key, grace) with a round-robin director over the backends.
# The deployment for more than one machine is in docs/how-to/several-machines.md.
#
# Each backend is a web machine's gunicorn. Both share the database (primary and replicas),
# Redis and the media bucket, so either can answer any request; each machine's purges reach
# this Varnish (NEWSROOM_VARNISH_URLS on every machine and worker).
#
# Check it with `varnishd -C -f $PWD/deploy/varnish/two-servers.vcl`.

vcl 4.1;

import directors;

include "./newsroom.vcl";

# The first machine is newsroom.vcl's `newsroom` backend; the second:
backend web2 {
    .host = "127.0.0.1";
    .port = "8001";
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

sub vcl_init {
    new web = directors.round_robin();
    web.add_backend(newsroom);
    web.add_backend(web2);
}

sub vcl_backend_fetch {
    # Each miss and each pass goes to the next machine in turn.
    set bereq.backend = web.backend();
}
