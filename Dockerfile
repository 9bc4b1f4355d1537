# syntax=docker/dockerfile:1
# ChatBridge image: build the Spring Boot jar with Maven, run it on a JRE as a non-root user.
#   docker build -t chatbridge:0.1.0 .
#   docker run --rm -e TELEGRAM_BOT_TOKEN=... -e OPENAI_API_KEY=... -e REDIS_URL=redis://... chatbridge:0.1.0

# --- build: Maven on JDK 21 (maven-toolchains-plugin accepts the running JDK, 21 or newer)
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# The whole tree (see .dockerignore), so new modules need no change here.
COPY . .
# The cache mount keeps the downloaded dependencies between builds (BuildKit).
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -DskipTests package -pl app -am

# --- runtime: JRE 21 on Ubuntu (glibc, which the embedded Redis fallback's binary needs)
FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 chatbridge \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin chatbridge \
    && mkdir -p /app/data \
    && chown 10001:10001 /app/data
WORKDIR /app
# Owned by root and read-only for the app user.
COPY --from=build /src/app/target/chatbridge.jar /app/chatbridge.jar
# Without REDIS_URL the app starts an embedded Redis with its data in /app/data/redis
# (mount a volume there to keep it); with REDIS_URL nothing is written outside /tmp.
USER 10001:10001
EXPOSE 8080
# No HEALTHCHECK: Kubernetes uses the chart's probes on /actuator/health/{liveness,readiness}.
# The heap follows the container's memory limit; add JVM flags with JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/chatbridge.jar"]
