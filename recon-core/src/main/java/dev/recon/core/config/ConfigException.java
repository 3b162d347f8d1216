package dev.recon.core.config;

/**
 * A configuration that cannot be used, with the file and the dotted path of the offending setting
 * ({@code recon.yaml: channels.adyen.tolerance.absolute: '0.0x' is not a decimal}).
 */
public class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
