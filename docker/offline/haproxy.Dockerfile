# HAProxy 2.6 from the offline base (Debian bookworm's haproxy); the provider mounts /drill/haproxy.cfg.
FROM runbook-drill/base:offline
LABEL drill.image-set=offline drill.service=haproxy
WORKDIR /drill
CMD ["haproxy", "-W", "-db", "-f", "/drill/haproxy.cfg"]
