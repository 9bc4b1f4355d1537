# syntax=docker/dockerfile:1
# ChatBridge image: build the Spring Boot jar with Maven (with Spring AOT's generated bean definitions), then run it
# extracted, with the JDK's AOT cache trained at build time and the JVM settings of app/jvm.options (the same as
# ./chatbridge, including -Dspring.aot.enabled=true), as a non-root user.
#   docker build -t chatbridge:0.1.0 .
#   docker run --rm -e TELEGRAM_BOT_TOKEN=... -e OPENAI_API_KEY=... -e REDIS_URL=redis://... chatbridge:0.1.0

# --- build: Maven on JDK 25 (maven-toolchains-plugin accepts the running JDK, 21 or newer; the classes target 21)
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
# The whole tree (see .dockerignore), so new modules need no change here.
COPY . .
# The cache mount keeps the downloaded dependencies between builds (BuildKit).
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -DskipTests package -pl app -am
# The AOT training's loopback fakes, compiled here: the runtime image is a JRE, which cannot run them from source.
RUN javac -d /src/scripts/aot-train-fakes /src/scripts/aot-train-fakes.java

# --- runtime: JRE 25 on Ubuntu (glibc, which the embedded Redis fallback's binary needs). JDK 25 for the
# AOT cache (JEP 483/514/515): classes loaded, linked and profiled by a training run, mapped at start.
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 chatbridge \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin chatbridge \
    && mkdir -p /app/data \
    && chown 10001:10001 /app/data
WORKDIR /app
# Owned by root and read-only for the app user: the JVM settings, the extracted jar (/app/chatbridge.jar and
# /app/lib/) and the AOT cache, which only works with the very same jar, JVM and settings, so it is trained here.
COPY app/jvm.options scripts/aot-train.sh /app/
COPY --from=build /src/scripts/aot-train-fakes /app/aot-train-fakes
COPY --from=build /src/app/target/chatbridge.jar /tmp/chatbridge.jar
RUN java -Djarmode=tools -jar /tmp/chatbridge.jar extract --destination /app \
    && rm /tmp/chatbridge.jar \
    && /app/aot-train.sh java /app/jvm.options /app/chatbridge.jar /app/chatbridge.aot \
    && rm -rf /tmp/* /app/aot-train-fakes
# Without REDIS_URL the app starts an embedded Redis with its data in /app/data/redis
# (mount a volume there to keep it); with REDIS_URL nothing is written outside /tmp.
USER 10001:10001
EXPOSE 8080
# No HEALTHCHECK: Kubernetes uses the chart's probes on /actuator/health/{liveness,readiness}.
# The heap follows the container's memory limit (app/jvm.options); add JVM flags with JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:AOTCache=/app/chatbridge.aot", "-jar", "/app/chatbridge.jar"]
