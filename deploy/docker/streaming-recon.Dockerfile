# The streaming job's image, for the Flink Kubernetes operator and docker-compose.
# Build from the repository root after `./mvnw -B -DskipTests -pl streaming-recon -am package`:
#   docker build -f deploy/docker/streaming-recon.Dockerfile -t ghcr.io/recon-dev/streaming-recon:0.1.0 .
# The shaded job jar leaves Flink and logging out (they are the image's); the Prometheus reporter
# ships under opt/ in the official image and is enabled by copying it to plugins/.
FROM flink:2.2.1-java17
RUN mkdir -p /opt/flink/plugins/metrics-prometheus \
 && cp /opt/flink/opt/flink-metrics-prometheus-*.jar /opt/flink/plugins/metrics-prometheus/ \
 && mkdir -p /opt/flink/usrlib
COPY --chown=flink:flink streaming-recon/target/streaming-recon-*-job.jar /opt/flink/usrlib/streaming-recon-job.jar
USER flink
