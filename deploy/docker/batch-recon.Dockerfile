# The nightly batch's image (Spring Boot executable jar), for the Kubernetes CronJob and docker-compose.
# Build from the repository root after `./mvnw -B -DskipTests -pl batch-recon -am package`:
#   docker build -f deploy/docker/batch-recon.Dockerfile -t ghcr.io/recon-dev/batch-recon:0.1.0 .
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 9999 --home-dir /work --create-home recon
COPY --chown=recon:recon batch-recon/target/batch-recon-*-exec.jar /opt/recon/batch-recon.jar
USER recon
WORKDIR /work
ENV RECON_BATCH_HOME=/work
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/recon/batch-recon.jar"]
