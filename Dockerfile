# Dockerfile - ssot in a container image, on Debian 12.
#   docker build -t ssot .
#   docker run --rm -v "$PWD:/src" ssot check /src
# Stage 1 builds the Debian package with tools/setup and tools/package (CMake, CPack); stage 2
# is a slim Debian 12 with only that package, its Depends installed by apt (docs/install.md).
FROM debian:12 AS build
WORKDIR /ssot
COPY . .
RUN tools/package --build-dir /build

FROM debian:12-slim
COPY --from=build /build/packages/*.deb /tmp/
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/ssot_*.deb \
    && rm -rf /var/lib/apt/lists/* /tmp/ssot_*.deb \
    && ssot --version
WORKDIR /src
ENTRYPOINT ["ssot"]
CMD ["check", "."]
