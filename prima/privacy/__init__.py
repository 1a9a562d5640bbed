"""Personal data the UU PDP way (UU 27/2022; issue 27; docs/guide/privacy.md): retention and
the nightly purge, people's requests, the processing register, breach response.

It sits with the start pages and open data, above every app that holds personal data: it reads
and erases their records through their models, and they never import it. What the lower apps
need to show (the privacy notice, the retention periods, the data-protection officer) lives in
prima.lib.privacy."""
