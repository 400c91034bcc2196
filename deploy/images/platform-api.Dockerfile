# platform-api from the project's own jar. Build context: the repository root, after
#   ./mvnw -pl platform-api -am package -DskipTests
# The jar's layers (platform-api/src/layers.xml) are copied one by one, dependencies first, so a
# code change rebuilds only the last layer; the embedded-db layer (the embedded PostgreSQL
# binaries `java -jar` starts on a laptop) is left out: a deployment sets PLATFORM_DB_URL.
FROM eclipse-temurin:17-jre AS layers
WORKDIR /build
COPY platform-api/target/platform-api.jar platform-api.jar
RUN java -Djarmode=tools -jar platform-api.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 platform
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER 10001
EXPOSE 8080
# PLATFORM_JAVA_OPTS comes from the ConfigMap (deploy/base/kustomization.yaml)
ENTRYPOINT ["sh", "-c", "exec java $PLATFORM_JAVA_OPTS org.springframework.boot.loader.launch.JarLauncher"]
