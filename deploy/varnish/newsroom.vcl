# Varnish in front of Newsroom's gunicorn (docs/how-to/varnish-and-cdn.md: how to run it).
#
# For Debian's varnish (7.1) and varnish-modules (xkey). Django tags every public response
# with the surrogate keys of what it shows (`xkey: a12 p5 s3:a …`) and, when a change commits,
# sends `PURGE /` with the keys it touched in an `xkey-purge` header
# (NEWSROOM_PURGE_BACKEND=varnish, NEWSROOM_VARNISH_URLS). So pages are kept long
# (`s-maxage`, a day) and yet gone the moment a story they show is edited or withdrawn.
#
# Check it with `varnishd -C -f $PWD/deploy/varnish/newsroom.vcl`.

vcl 4.1;

import xkey;

# gunicorn. No health probe: a probe answered late by a busy gunicorn marks it sick, and
# Varnish then refuses every miss while the site is merely slow. Instead a failed fetch is
# retried once from the cache with the whole grace (vcl_deliver).
backend newsroom {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

# Who may purge: the application's own addresses, nobody else. Anyone able to purge could
# empty the cache on election night and send every reader to Django.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.restarts == 0) {
        unset req.http.X-Newsroom-Stale;  # set only below, never by a client
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is not allowed from this address"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys to purge in an xkey-purge header"));
        }
        # A hard purge: a withdrawn story must not come back from grace.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The desk: the admin, its API, anything with credentials or a session (previews of
    # drafts are shown to signed-in staff only). Never cached, never served from the cache.
    if (req.url ~ "^/admin(/|$)" || req.url ~ "^/api/desk/" || req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(__Secure-)?sessionid=") {
        return (pass);
    }
    # An anonymous reader: the public pages do not depend on cookies (Django sends no
    # cacheable page that sets one), so analytics cookies must not split the cache.
    unset req.http.Cookie;
    # A page past its time is served at most 30 s stale while it is fetched again
    # (stale-while-revalidate); when Django failed to answer, up to the object's whole grace.
    if (req.http.X-Newsroom-Stale) {
        set req.grace = 1d;
    } else {
        set req.grace = 30s;
    }
    return (hash);
}

sub vcl_backend_response {
    if (beresp.status >= 500) {
        if (bereq.is_bgfetch) {
            return (abandon);  # keep the stale copy rather than an error
        }
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
    if (beresp.status == 404 || beresp.status == 410) {
        # A flood of readers on a pulled story: answered here, briefly (a scheduled story's
        # address answers 404 until it is due, so not for long).
        set beresp.ttl = 5s;
        set beresp.grace = 0s;
        return (deliver);
    }
    if (beresp.status != 200 && beresp.status != 301 && beresp.status != 304) {
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
    # How long Django says (s-maxage); then up to a day of grace while Django is down
    # (NEWSROOM_STALE_IF_ERROR_SECONDS).
    set beresp.grace = 1d;
}

sub vcl_deliver {
    # Django is down or erring (its own 503 while the database is unreachable): try once more
    # from the cache, taking a page up to a day past its time (stale-if-error).
    if (resp.status >= 500 && req.restarts == 0 && !req.http.X-Newsroom-Stale) {
        set req.http.X-Newsroom-Stale = "1";
        return (restart);
    }
    unset resp.http.xkey;  # the keys are for this cache, not for readers
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
