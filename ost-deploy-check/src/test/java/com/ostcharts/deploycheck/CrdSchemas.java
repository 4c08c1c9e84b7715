package com.ostcharts.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Custom resources, checked against the {@code openAPIV3Schema} of their CustomResourceDefinitions: Strimzi's as
 * generated from {@code io.strimzi:api} by the build, KEDA's and the Prometheus Operator's as vendored under
 * {@code src/test/resources/crds} (see SOURCES.md there).
 * <p>
 * The API server prunes (or, with strict field validation, rejects) fields a structural schema does not declare;
 * JSON Schema allows them by default. So every {@code type: object} schema that lists its properties and does not say
 * {@code x-kubernetes-preserve-unknown-fields} gets {@code additionalProperties: false}: a misspelt or removed field
 * (say v1beta2's {@code operation} in a v1 KafkaUser ACL) fails here as it would on the cluster. CEL rules
 * ({@code x-kubernetes-validations}) are not evaluated.
 */
final class CrdSchemas {

    private static final List<String> VENDORED = List.of(
            "keda.sh_scaledobjects.yaml", "keda.sh_triggerauthentications.yaml",
            "monitoring.coreos.com_servicemonitors.yaml", "monitoring.coreos.com_podmonitors.yaml",
            "monitoring.coreos.com_prometheusrules.yaml");

    private final Map<String, Schema> schemas = new HashMap<>();

    private CrdSchemas() {
    }

    static CrdSchemas load() {
        CrdSchemas crds = new CrdSchemas();
        Path strimzi = Path.of(System.getProperty("ost.strimzi.crds", "target/strimzi-crds"));
        try (Stream<Path> files = Files.list(strimzi)) {
            List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            if (yamls.size() < 4) {
                throw new IllegalStateException("the Strimzi CRDs are missing from " + strimzi + ": run the build (generate-test-resources)");
            }
            for (Path yaml : yamls) {
                crds.add(Files.readString(yaml));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the Strimzi CRDs are missing from " + strimzi + ": run the build (generate-test-resources)", e);
        }
        for (String name : VENDORED) {
            try (InputStream in = CrdSchemas.class.getResourceAsStream("/crds/" + name)) {
                crds.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | NullPointerException e) {
                throw new IllegalStateException("missing vendored CRD /crds/" + name, e);
            }
        }
        return crds;
    }

    boolean covers(Manifest manifest) {
        return schemas.containsKey(manifest.apiVersion() + "/" + manifest.kind());
    }

    /** Every problem the schema finds, each with its JSON path. */
    List<String> problems(Manifest manifest) {
        return schemas.get(manifest.apiVersion() + "/" + manifest.kind()).validate(manifest.json()).stream()
                .map(error -> error.getInstanceLocation() + ": " + error.getMessage())
                .toList();
    }

    private void add(String yaml) {
        for (JsonNode crd : Yaml.documents(yaml)) {
            String group = crd.path("spec").path("group").asText();
            String kind = crd.path("spec").path("names").path("kind").asText();
            for (JsonNode version : crd.path("spec").path("versions")) {
                JsonNode schema = version.path("schema").path("openAPIV3Schema");
                if (version.path("served").asBoolean(true) && schema.isObject()) {
                    ObjectNode strict = strict(schema.deepCopy());
                    strict.put("$schema", "http://json-schema.org/draft-04/schema#");
                    schemas.put(group + "/" + version.path("name").asText() + "/" + kind,
                            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(strict.toString()));
                }
            }
        }
    }

    /** Structural-schema semantics in JSON Schema terms: no undeclared fields, {@code nullable} allows null. */
    private static ObjectNode strict(ObjectNode schema) {
        JsonNode properties = schema.get("properties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean object = "object".equals(schema.path("type").asText());
        if (object && properties != null && properties.isObject() && !preserve && !schema.has("additionalProperties")) {
            schema.put("additionalProperties", false);
        }
        if (schema.path("nullable").asBoolean(false) && schema.path("type").isTextual()) {
            ArrayNode types = schema.arrayNode().add(schema.path("type").asText()).add("null");
            schema.set("type", types);
        }
        schema.remove("format"); // int32, int64, date-time: the API server's formats, not JSON Schema's
        schema.properties().forEach(entry -> {
            JsonNode child = entry.getValue();
            switch (entry.getKey()) {
                case "properties", "patternProperties" -> child.properties().forEach(p -> {
                    if (p.getValue().isObject()) {
                        strict((ObjectNode) p.getValue());
                    }
                });
                case "items", "additionalProperties", "not" -> {
                    if (child.isObject()) {
                        strict((ObjectNode) child);
                    }
                }
                case "allOf", "anyOf", "oneOf" -> child.forEach(c -> {
                    if (c.isObject()) {
                        strict((ObjectNode) c);
                    }
                });
                default -> {
                }
            }
        });
        return schema;
    }
}
