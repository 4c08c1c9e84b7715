package com.ostcharts.testkafka;

import org.apache.kafka.common.metadata.UserScramCredentialRecord;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One combined KRaft node inside the test JVM whose client listener demands SASL/SCRAM-SHA-512
 * (and, with a {@link SelfSignedTls}, TLS too: SASL_SSL). Like {@link InJvmKafkaCluster}, it is
 * the only place that touches Kafka's internal {@code KafkaClusterTestKit} for this broker.
 * <p>
 * How SCRAM is set up, and why this way:
 * <ul>
 *   <li>SCRAM users live in the cluster metadata. They are seeded as {@code UserScramCredentialRecord}s in
 *       the bootstrap metadata (computed with kafka-clients' {@link ScramFormatter}, as
 *       {@code kafka-storage format --add-scram} does), so they exist before the broker serves anyone.</li>
 *   <li>The kit's SASL defaults are PLAIN with its own users and an authorizer; every one of them is set
 *       with {@code putIfAbsent}, so the settings here replace them: only SCRAM-SHA-512 is enabled, and the
 *       broker talks to itself (transaction markers, for exactly-once) as the admin user over SCRAM. (The kit
 *       still writes a PLAIN JAAS file and points {@code java.security.auth.login.config} at it; PLAIN is not
 *       enabled, so it is unused, and the property is restored on close.)</li>
 *   <li>Authorization: none by default (any authenticated user may do anything: tests about authentication).
 *       With {@code authorizer}, KRaft's {@code StandardAuthorizer} on the node (broker and controller), no
 *       access where no ACL grants it ({@code allow.everyone.if.no.acl.found=false}), and two super users:
 *       the admin user, which the broker itself and the tests' set-up use, and {@code User:ANONYMOUS}, the
 *       broker's principal on the PLAINTEXT controller listener (registration and heartbeats need cluster
 *       rights there). Clients only reach the SASL listener, so no client is ever ANONYMOUS.</li>
 *   <li>The controller listener stays PLAINTEXT: only the broker itself talks to it.</li>
 *   <li>TLS: the kit only builds SASL_PLAINTEXT listeners, but lets a test override the listener's
 *       protocol map, so the same listener becomes SASL_SSL with the self-signed key store.</li>
 * </ul>
 */
final class InJvmScramKafkaCluster implements AutoCloseable {

    static final String MECHANISM = ScramMechanism.SCRAM_SHA_512.mechanismName();
    /** KRaft's own authorizer: ACLs live in the cluster metadata. */
    static final String STANDARD_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    private static final String JAAS_PROPERTY = "java.security.auth.login.config";

    private final KafkaClusterTestKit kit;
    private final String previousJaasProperty;

    private InJvmScramKafkaCluster(KafkaClusterTestKit kit, String previousJaasProperty) {
        this.kit = kit;
        this.previousJaasProperty = previousJaasProperty;
    }

    /**
     * @param users            user name to password; all get SCRAM-SHA-512 credentials
     * @param interBrokerUser  one of {@code users}: the broker's own identity on its listener
     * @param tls              present: the listener is SASL_SSL with this identity; empty: SASL_PLAINTEXT
     * @param authorizer       whether the broker enforces ACLs, {@code interBrokerUser} being its super user
     */
    static InJvmScramKafkaCluster start(Map<String, String> users, String interBrokerUser, Optional<SelfSignedTls> tls,
                                        boolean authorizer) {
        String previousJaasProperty = System.getProperty(JAAS_PROPERTY);
        KafkaClusterTestKit kit = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder(bootstrapMetadataWith(users))
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                    .build();
            String listener = nodes.brokerListenerName().value();
            String listenerPrefix = ListenerName.normalised(listener).configPrefix(); // listener.name.external.
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("sasl.enabled.mechanisms", MECHANISM)
                    .setConfigProp("sasl.mechanism.inter.broker.protocol", MECHANISM)
                    .setConfigProp(listenerPrefix + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                            ScramKafka.jaasConfig(interBrokerUser, users.get(interBrokerUser)))
                    .setConfigProp("authorizer.class.name", authorizer ? STANDARD_AUTHORIZER : "")
                    .setConfigProp("allow.everyone.if.no.acl.found", "false")
                    .setConfigProp("super.users", "User:" + interBrokerUser + ";User:ANONYMOUS")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "5")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "5");
            if (tls.isPresent()) {
                SelfSignedTls identity = tls.get();
                builder.setConfigProp("listener.security.protocol.map",
                                listener + ":" + SecurityProtocol.SASL_SSL.name + ","
                                        + nodes.controllerListenerName().value() + ":" + nodes.controllerListenerProtocol().name)
                        .setConfigProp("ssl.keystore.type", SelfSignedTls.STORE_TYPE)
                        .setConfigProp("ssl.keystore.location", identity.keyStore().toString())
                        .setConfigProp("ssl.keystore.password", identity.password())
                        .setConfigProp("ssl.key.password", identity.password())
                        // The broker is a TLS client of itself (inter-broker traffic on the same listener).
                        .setConfigProp("ssl.truststore.type", SelfSignedTls.STORE_TYPE)
                        .setConfigProp("ssl.truststore.location", identity.trustStore().toString())
                        .setConfigProp("ssl.truststore.password", identity.password());
            }
            kit = builder.build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new InJvmScramKafkaCluster(kit, previousJaasProperty);
        } catch (Exception e) {
            if (kit != null) {
                try {
                    kit.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            restore(previousJaasProperty);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("could not start an in-JVM SCRAM-enabled Kafka broker", e);
        }
    }

    /** Bootstrap metadata as the kit makes it (default feature levels), at the latest production metadata version, plus the SCRAM users. */
    private static BootstrapMetadata bootstrapMetadataWith(Map<String, String> users) throws GeneralSecurityException {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> features = new TreeMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            features.put(feature.featureName(), feature.defaultLevel(version));
        }
        List<ApiMessageAndVersion> records = new ArrayList<>(BootstrapMetadata.fromVersions(version, features, "ost-scram").records());
        ScramFormatter formatter = new ScramFormatter(ScramMechanism.SCRAM_SHA_512);
        for (Map.Entry<String, String> user : users.entrySet()) {
            ScramCredential credential = formatter.generateCredential(user.getValue(), ScramMechanism.SCRAM_SHA_512.minIterations());
            records.add(new ApiMessageAndVersion(new UserScramCredentialRecord()
                    .setName(user.getKey())
                    .setMechanism(ScramMechanism.SCRAM_SHA_512.type())
                    .setSalt(credential.salt())
                    .setStoredKey(credential.storedKey())
                    .setServerKey(credential.serverKey())
                    .setIterations(credential.iterations()), (short) 0));
        }
        return BootstrapMetadata.fromRecords(records, "ost-scram");
    }

    String bootstrapServers() {
        return kit.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            kit.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the in-JVM SCRAM-enabled Kafka broker", e);
        } finally {
            restore(previousJaasProperty);
        }
    }

    private static void restore(String previousJaasProperty) {
        if (previousJaasProperty == null) {
            System.clearProperty(JAAS_PROPERTY);
        } else {
            System.setProperty(JAAS_PROPERTY, previousJaasProperty);
        }
    }
}
