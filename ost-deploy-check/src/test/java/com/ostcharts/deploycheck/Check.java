package com.ostcharts.deploycheck;

/** The checks, each one reason a rendered deployment is refused. DESIGN.md says why each exists. */
enum Check {
    /** Core kinds against the Kubernetes API's own models: unknown fields, missing required fields, wrong types. */
    CORE_SCHEMA,
    /** Strimzi, KEDA and Prometheus Operator kinds against their CRD schemas; any other kind is unknown. */
    CRD_SCHEMA,
    /** Every container asks for CPU and memory and has a memory limit; so do Kafka's nodes and operators. */
    RESOURCES,
    /** Every long-running container has startup, readiness and liveness probes, each on the matching health endpoint. */
    PROBES,
    /** Every workload that can run more than one pod is covered by a PodDisruptionBudget. */
    DISRUPTION_BUDGET,
    /** Selectors and references resolve: workload selectors, Services, PDBs, autoscaler targets, ServiceMonitors. */
    SELECTORS,
    /** Every image is pinned: a tag other than {@code latest}, or a digest. */
    IMAGES,
    /** Restricted Pod Security: non-root, no privilege escalation, no capabilities, read-only root, seccomp. */
    SECURITY_CONTEXT,
    /** No Secret in the manifests and no secret-looking environment variable with a literal value. */
    SECRETS,
    /** The grace period outlasts the preStop hook plus the application's own shutdown (Streams' close timeout). */
    GRACEFUL_SHUTDOWN,
    /** The Kafka Streams workload: a StatefulSet, state on its volume, group.instance.id from the pod name. */
    STREAMS_WORKLOAD,
    /** api-gateway's archive store: a StatefulSet, {@code ost.gateway.archive.dir} on its volume, the volume writable. */
    GATEWAY_ARCHIVE,
    /** KafkaTopics equal the contract's typed catalog (ost-contract Topics, TopicLayout): names, partitions, configs. */
    CONTRACT_TOPICS,
    /** Kafka credentials come from a KafkaUser; the Streams user may use its application.id's resources. */
    KAFKA_ACCESS,
    /** Streams instances x stream threads (ScaledObject maximum, StatefulSet replicas) <= partitions of the input topic. */
    KEDA_MAX_REPLICAS,
    /** The KEDA Kafka trigger watches the consumer group of the workload it scales: its application.id. */
    KEDA_CONSUMER_GROUP
}
