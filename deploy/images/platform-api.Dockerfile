# platform-api from the project's own jar. Build context: the repository root, after
#   ./mvnw -pl platform-api -am package -DskipTests
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 platform
COPY platform-api/target/platform-api.jar /app/platform-api.jar
USER 10001
EXPOSE 8080
# PLATFORM_JAVA_OPTS comes from the ConfigMap (deploy/base/kustomization.yaml)
ENTRYPOINT ["sh", "-c", "exec java $PLATFORM_JAVA_OPTS -jar /app/platform-api.jar"]
