package dev.recon.stream;

import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.result.ReconResult;
import dev.recon.fraud.FraudScore;
import dev.recon.stream.functions.CallbackResolutionFunction;
import dev.recon.stream.functions.CallbackRoutingFunction;
import dev.recon.stream.functions.InboundSplitFunction;
import dev.recon.stream.functions.MatchingRules;
import dev.recon.stream.functions.PaymentMatchFunction;
import dev.recon.stream.functions.PaymentMatchOperator;
import dev.recon.stream.functions.StreamKeys;
import dev.recon.stream.fraud.DimensionedEvent;
import dev.recon.stream.fraud.FraudCombineFunction;
import dev.recon.stream.fraud.FraudFanOutFunction;
import dev.recon.stream.fraud.FraudPart;
import dev.recon.stream.fraud.FraudRules;
import dev.recon.stream.fraud.FraudTypes;
import dev.recon.stream.fraud.WindowedRuleFunction;
import dev.recon.stream.kafka.KafkaIo;
import dev.recon.stream.records.DeadLetter;
import dev.recon.stream.records.InboundRecord;
import dev.recon.stream.records.ReconTypes;
import dev.recon.stream.records.ResolvedCallback;
import dev.recon.stream.records.WireTypes;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Streaming reconciliation of payment events against channel callbacks, wiring only:
 *
 * <pre>
 * payment-events ──parse──┬────────────────────────────────keyBy payment──┐
 *                         └─(with channel_ref) keyBy reference─┐          │
 * channel-callbacks ─parse─ route ─(no payment id / refund)─────┴─ resolve ─┤
 *                               └─(names its payment)────────────────────────┴─ match ─ recon-results
 * refused lines of both ──────────────────────────────────────────────────────────── dead letters
 * payment events ─ instant rules ─┬─ keyBy customer/card/device/IP ─ windowed rules ─┐
 *                                 ├───────────────────────────────────────────────────┴ keyBy event ─┬ fraud-scores
 *                                 └─(no windowed part: scored at once)─────────────────────────────────┘
 * </pre>
 *
 * The watermark strategy is given to {@code fromSource}, so each Kafka partition has its own
 * watermark and idle partitions stop holding back event time. Decisions are recon-core's
 * ({@link PaymentMatchFunction}); sources and sinks are injected, so tests run the same graph on
 * test data. Configuration: {@link ReconJobConfig}.
 */
public final class ReconJob {

    private final ReconSources sources;
    private final ReconSinks sinks;
    private final ReconJobConfig config;
    private final MatchingRules rules;
    private final FraudRules fraudRules;
    private WatermarkStrategy<InboundRecord> watermarks;
    private boolean boundedInput;

    public ReconJob(ReconSources sources, ReconSinks sinks, ReconJobConfig config) {
        this.sources = sources;
        this.sinks = sinks;
        this.config = config;
        String file = config.get(ReconJobConfig.RECON_CONFIG_FILE);
        var timeouts = config.get(ReconJobConfig.CALLBACK_TIMEOUTS);
        this.rules = file.isBlank() ? MatchingRules.builtIn(timeouts) : MatchingRules.fromFile(Path.of(file), timeouts);
        this.watermarks = watermarks(config);
        String fraudFile = config.get(ReconJobConfig.FRAUD_RULES_FILE);
        this.fraudRules = fraudFile.isBlank() ? FraudRules.builtIn() : FraudRules.fromFile(Path.of(fraudFile));
    }

    /**
     * Replaces the watermark strategy of the Kafka mode. The bounded file mode uses one without
     * watermarks: files are the complete input, so every timeout is decided at end of input with
     * everything known, whatever the order of the lines.
     */
    public ReconJob withWatermarks(WatermarkStrategy<InboundRecord> strategy) {
        this.watermarks = strategy;
        return this;
    }

    /**
     * For complete inputs read without watermarks (the file mode): event time moves only at end
     * of input, so the keyed stages keep no cleanup timers for late legs (they could only fire
     * after every decision), and the matching stage sets no decision timers: at the end of input it
     * passes over its keys and decides each open deadline ({@link PaymentMatchOperator}), each at its
     * own deadline, as before. Decisions are the same; the state ends with the job.
     */
    public ReconJob withBoundedInput() {
        this.boundedInput = true;
        return this;
    }

    public ReconJob(ReconSources sources, ReconSinks sinks) {
        this(sources, sinks, ReconJobConfig.defaults());
    }

    /** Production wiring: Kafka in, Kafka out, checkpointing from the options. */
    public static void main(String[] args) throws Exception {
        ReconJobConfig cfg = ReconJobConfig.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configureCheckpointing(env, cfg);
        new ReconJob(KafkaIo.sources(cfg), KafkaIo.sinks(cfg), cfg).execute(env);
    }

    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute(config.get(ReconJobConfig.JOB_NAME));
    }

    /** Adds the job's operators to {@code env} without running them. */
    public void build(StreamExecutionEnvironment env) {
        Duration retention = config.get(ReconJobConfig.LATE_RETENTION);

        SingleOutputStreamOperator<PaymentEvent> payments = env
                .fromSource(sources.payments(), watermarks, "payment-events", ReconTypes.INBOUND_RECORD)
                .uid("source-payment-events")
                .process(new InboundSplitFunction.Payments(), WireTypes.PAYMENT_EVENT)
                .uid("parse-payment-events").name("parse payment events");
        SingleOutputStreamOperator<ChannelCallback> callbacks = env
                .fromSource(sources.callbacks(), watermarks, "channel-callbacks", ReconTypes.INBOUND_RECORD)
                .uid("source-channel-callbacks")
                .process(new InboundSplitFunction.Callbacks(), WireTypes.CHANNEL_CALLBACK)
                .uid("parse-channel-callbacks").name("parse channel callbacks");

        SingleOutputStreamOperator<ResolvedCallback> named = callbacks
                .process(new CallbackRoutingFunction(), WireTypes.RESOLVED_CALLBACK)
                .uid("route-callbacks").name("route callbacks");
        DataStream<ResolvedCallback> resolved = payments
                .filter(e -> e.channelRef() != null).uid("payments-with-reference").name("payments with reference")
                .keyBy(new StreamKeys.ByPaymentReference(), Types.STRING)
                .connect(named.getSideOutput(CallbackRoutingFunction.NEEDS_RESOLUTION)
                        .keyBy(new StreamKeys.ByCallbackReference(), Types.STRING))
                .process(new CallbackResolutionFunction(rules, retention, boundedInput), WireTypes.RESOLVED_CALLBACK)
                .uid("resolve-callbacks").name("resolve callbacks by channel reference");

        SingleOutputStreamOperator<ReconResult> results = payments
                .keyBy(new StreamKeys.ByPayment(), Types.STRING)
                .connect(named.union(resolved).keyBy(new StreamKeys.ByResolvedKey(), Types.STRING))
                .transform("match payments with callbacks", ReconTypes.RECON_RESULT,
                        new PaymentMatchOperator(new PaymentMatchFunction(rules, retention, boundedInput)))
                .uid("match-payments").name("match payments with callbacks");
        results.sinkTo(sinks.results()).uid("results-sink").name("recon-results");

        // The rule set the job was built with comes first; a bounded one-element source, so it never holds back event time.
        DataStream<String> ruleSets = env.fromData(Types.STRING, fraudRules.text())
                .uid("fraud-rules-initial").name("fraud rule set");
        if (sources.fraudRuleUpdates() != null) {
            ruleSets = ruleSets.union(env.fromSource(sources.fraudRuleUpdates(),
                    WatermarkStrategy.<String>forMonotonousTimestamps().withIdleness(config.get(ReconJobConfig.IDLENESS)),
                    "fraud-rule-updates", Types.STRING).uid("source-fraud-rule-updates"));
        }
        BroadcastStream<String> rules = ruleSets.broadcast(FraudRules.BROADCAST_STATE);
        SingleOutputStreamOperator<FraudPart> instant = payments.connect(rules)
                .process(new FraudFanOutFunction(fraudRules), FraudTypes.FRAUD_PART_WIRE)
                .uid("fraud-instant-rules").name("fraud: instant rules");
        DataStream<FraudPart> windowed = instant.getSideOutput(FraudFanOutFunction.TO_WINDOWS)
                .keyBy(DimensionedEvent::stateKey, Types.STRING)
                .connect(rules)
                .process(new WindowedRuleFunction(fraudRules), FraudTypes.FRAUD_PART_WIRE)
                .uid("fraud-windowed-rules").name("fraud: windowed rules per customer, card, device, IP");
        DataStream<FraudScore> scores = instant.union(windowed)
                .keyBy(FraudPart::eventId, Types.STRING)
                .connect(rules)
                .process(new FraudCombineFunction(fraudRules), FraudTypes.FRAUD_SCORE)
                .uid("fraud-combine").name("fraud: combine score");
        scores.union(instant.getSideOutput(FraudFanOutFunction.SCORED))
                .sinkTo(sinks.fraudScores()).uid("fraud-sink").name("fraud scores");

        DataStream<DeadLetter> refused = payments.getSideOutput(InboundSplitFunction.DEAD_LETTERS)
                .union(callbacks.getSideOutput(InboundSplitFunction.DEAD_LETTERS));
        refused.sinkTo(sinks.deadLetters()).uid("dead-letter-sink").name("dead letters");
    }

    /**
     * Bounded out-of-orderness per source split with idleness. Dead letters carry no event time:
     * they are stamped {@code Long.MIN_VALUE} so a refused line can never advance the watermark.
     */
    public static WatermarkStrategy<InboundRecord> watermarks(ReconJobConfig cfg) {
        return WatermarkStrategy.<InboundRecord>forBoundedOutOfOrderness(cfg.get(ReconJobConfig.MAX_OUT_OF_ORDERNESS))
                .withTimestampAssigner((r, kafkaTime) -> r.eventTimeMillis())
                .withIdleness(cfg.get(ReconJobConfig.IDLENESS));
    }

    /** Exactly-once checkpoints with the configured interval, pause and timeout. */
    public static void configureCheckpointing(StreamExecutionEnvironment env, ReconJobConfig cfg) {
        env.enableCheckpointing(cfg.get(ReconJobConfig.CHECKPOINT_INTERVAL).toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(cfg.get(ReconJobConfig.CHECKPOINT_MIN_PAUSE).toMillis());
        env.getCheckpointConfig().setCheckpointTimeout(cfg.get(ReconJobConfig.CHECKPOINT_TIMEOUT).toMillis());
    }
}
