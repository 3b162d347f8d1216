package dev.recon.fraud;

/** What the scores say to do with a payment; thresholds come from the rule set. */
public enum FraudDecision {
    ALLOW, REVIEW, DECLINE
}
