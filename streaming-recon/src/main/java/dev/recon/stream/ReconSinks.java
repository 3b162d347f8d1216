package dev.recon.stream;

import dev.recon.core.result.ReconResult;
import dev.recon.fraud.FraudScore;
import dev.recon.stream.records.DeadLetter;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;

/** The job's outputs: results and fraud scores (exactly once in production), and refused input lines. */
public record ReconSinks(Sink<ReconResult> results, Sink<DeadLetter> deadLetters, Sink<FraudScore> fraudScores) {

    public ReconSinks {
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(fraudScores, "fraudScores");
    }
}
