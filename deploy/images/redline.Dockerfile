# The injectors and the decision: the compiled simulations with their class path, the redline CLI,
# and the two entry points the Jobs run (bin/inject, bin/decide). Build context: the repository
# root, after
#   ./mvnw -pl load-simulations,regression-checker -am package -DskipTests
#   ./mvnw -pl load-simulations dependency:copy-dependencies -DincludeScope=test
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 redline
COPY load-simulations/target/test-classes /app/simulations
COPY load-simulations/target/dependency /app/simulations-lib
COPY regression-checker/target/redline.jar /app/redline.jar
COPY deploy/images/bin/inject deploy/images/bin/decide /app/bin/
USER 10001
WORKDIR /results
