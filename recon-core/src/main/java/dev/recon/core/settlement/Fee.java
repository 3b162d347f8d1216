package dev.recon.core.settlement;

import dev.recon.core.money.Money;
import java.util.Objects;

/** One fee charged on a settlement line; positive amount = charged to the merchant. */
public record Fee(FeeKind kind, Money amount) {
    public Fee {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(amount, "amount");
    }
}
