# syntax=docker/dockerfile:1
# Shuttle's production image: a static Go binary on an empty base, running as
# a non-root user, with the bundled corpus at /app/corpus and the index in the
# /data volume. Build: docker build -t shuttle . (see docs/docker.md).

ARG GO_VERSION=1.26.8

# ---- build: the official Go image compiles a static binary ----
FROM docker.io/library/golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
ARG GOPROXY=https://proxy.golang.org,direct
ENV CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOPROXY=${GOPROXY}

# Modules first, so a source change does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download

COPY . .
ARG VERSION=dev
# timetzdata embeds the time zone database: the runtime has no /usr/share/zoneinfo.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -tags timetzdata \
      -ldflags="-s -w -X main.version=${VERSION}" \
      -o /out/app/bot ./cmd/bot \
 && /out/app/bot version

# The runtime's file system: the nonroot user (uid 65532, as in distroless),
# a writable /tmp, an index folder the user owns, and the CA certificates.
RUN mkdir -p /out/etc/ssl/certs /out/tmp /owned/data/index /owned/home/nonroot \
 && cp /etc/ssl/certs/ca-certificates.crt /out/etc/ssl/certs/ \
 && printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > /out/etc/passwd \
 && printf 'root:x:0:\nnonroot:x:65532:\n' > /out/etc/group \
 && chmod 1777 /out/tmp

# ---- runtime: nothing but the binary, its data and the certificates ----
FROM scratch
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="Shuttle" \
      org.opencontainers.image.description="Discord bot that answers questions about news coverage with cited answers" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.documentation="docs/docker.md"

COPY --from=build /out/ /
COPY --from=build --chown=65532:65532 /owned/ /
COPY corpus/ /app/corpus/

ENV CORPUS_DIR=/app/corpus \
    INDEX_DIR=/data/index \
    HOME=/home/nonroot
USER 65532:65532
WORKDIR /app
VOLUME ["/data"]
EXPOSE 8080

# Without HEALTHCHECK_URL: corpus loads, index folder writable. With
# HEALTHCHECK_URL=http://127.0.0.1:8080/healthz (serve mode): GET /healthz.
HEALTHCHECK --interval=60s --timeout=30s --start-period=120s --retries=3 \
    CMD ["/app/bot", "healthcheck", "--timeout", "25s"]

ENTRYPOINT ["/app/bot"]
CMD ["run"]
