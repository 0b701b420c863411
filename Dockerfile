# syntax=docker/dockerfile:1
#
# Container image of contactd.
#
# Docker isn't available on the development machines, so this file is not
# built there: it is kept correct by reading. Keep it in step with
# ./cmd/contactd (the -X main.version flag, the serve subcommand, the
# settings) when those change.
#
# Build:  docker build --build-arg VERSION=1.2.3 --build-arg REVISION=$(git rev-parse HEAD) -t contactd .
# Run:    docker run -p 8080:8080 --env-file contactd.env contactd
#
# `contactd serve` needs the CONTACTD_* settings documented in
# docs/OPERATIONS.md (a postgres:// CONTACTD_DATABASE_URL, CONTACTD_BASE_URL,
# the CONTACTD_OIDC_* settings, CONTACTD_SESSION_KEY, ...); it refuses to
# start without them. Other subcommands run from the same image, e.g.
# `docker run --env-file contactd.env contactd migrate up`.
#
# Health: the runtime image is distroless (no shell, no curl), so there is no
# HEALTHCHECK instruction here. The orchestrator should probe the HTTP
# endpoints instead: /healthz for liveness and /readyz for readiness, on
# port 8080.

ARG GO_VERSION=1.26

# ---- build -------------------------------------------------------------------
FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src

# Modules first, so this layer is reused while only the source changes.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download

COPY . .
ARG VERSION=dev
# Static binary: the runtime image has no libc.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath \
        -ldflags "-s -w -X main.version=${VERSION}" \
        -o /out/contactd ./cmd/contactd

# ---- run ---------------------------------------------------------------------
FROM gcr.io/distroless/static-debian12:nonroot

ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="contactd" \
      org.opencontainers.image.description="contactd, the contact-centre web application" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="gcr.io/distroless/static-debian12:nonroot"

COPY --from=build /out/contactd /contactd

# The binary's default address is loopback only; listen on all interfaces
# inside the container.
ENV CONTACTD_ADDR=:8080

USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/contactd"]
CMD ["serve"]
