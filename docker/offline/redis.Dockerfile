# Redis from the offline base (Debian bookworm's redis-server); the provider passes its own arguments.
FROM runbook-drill/base:offline
LABEL drill.image-set=offline drill.service=redis
WORKDIR /var/lib/redis
EXPOSE 6379
CMD ["redis-server", "--port", "6379", "--protected-mode", "no", "--save", "", "--appendonly", "no"]
