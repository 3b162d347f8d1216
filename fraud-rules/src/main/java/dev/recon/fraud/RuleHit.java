package dev.recon.fraud;

/** One rule that fired on a payment, with its score contribution and the evidence in words. */
public record RuleHit(String ruleId, int score, String reason) {
}
