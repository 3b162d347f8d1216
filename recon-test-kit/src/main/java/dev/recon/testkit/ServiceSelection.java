package dev.recon.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one selection order for every service, logged at start: 1) an explicit URL from the
 * environment variable (or a system property of the same name), 2) Testcontainers when a Docker
 * engine answers, 3) a local process. Setting {@code RECON_TEST_DOCKER=false} skips step 2.
 */
final class ServiceSelection {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceSelection.class);

    /** The decision and the reason for it. */
    record Choice(ProvisionMode mode, String reason, String externalUrl) {
    }

    private ServiceSelection() {
    }

    static Choice choose(String displayName, String urlVariable) {
        String url = System.getProperty(urlVariable, System.getenv(urlVariable));
        Choice choice;
        if (url != null && !url.isBlank()) {
            choice = new Choice(ProvisionMode.EXTERNAL, urlVariable + " is set", url.trim());
        } else {
            DockerProbe.Result docker = DockerProbe.result();
            choice = docker.available()
                    ? new Choice(ProvisionMode.CONTAINER, urlVariable + " not set; " + docker.reason(), null)
                    : new Choice(ProvisionMode.LOCAL_PROCESS, urlVariable + " not set; " + docker.reason(), null);
        }
        LOG.info("{}: using {} ({}){}", displayName, choice.mode(), choice.reason(),
                choice.externalUrl() == null ? "" : " at " + choice.externalUrl());
        return choice;
    }
}
