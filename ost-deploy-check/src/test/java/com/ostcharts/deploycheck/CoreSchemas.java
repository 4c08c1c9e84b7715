package com.ostcharts.deploycheck;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;

/**
 * Core Kubernetes kinds, checked by the official Java client's generated models ({@code io.kubernetes:client-java-api}):
 * {@code validateJsonElement} rejects a field the API does not define, at any depth, a missing required field and a
 * wrong JSON type, as strict server-side field validation ({@code kubectl apply --validate=strict}) would.
 */
final class CoreSchemas {

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", V1Namespace.class),
            Map.entry("v1/ServiceAccount", V1ServiceAccount.class),
            Map.entry("v1/Service", V1Service.class),
            Map.entry("v1/ConfigMap", V1ConfigMap.class),
            Map.entry("v1/Secret", V1Secret.class),
            Map.entry("apps/v1/Deployment", V1Deployment.class),
            Map.entry("apps/v1/StatefulSet", V1StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class));

    private CoreSchemas() {
    }

    static boolean covers(Manifest manifest) {
        return MODELS.containsKey(key(manifest));
    }

    /** The first problem the model finds, if any. */
    static Optional<String> problem(Manifest manifest) {
        Class<?> model = MODELS.get(key(manifest));
        JsonElement json = JsonParser.parseString(manifest.json().toString());
        try {
            Method validate = model.getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, json);
            return Optional.empty();
        } catch (InvocationTargetException e) {
            String message = String.valueOf(e.getCause().getMessage());
            int cut = message.indexOf(" JSON: ");
            return Optional.of(cut > 0 ? message.substring(0, cut) : message); // not the whole object again
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(model + " has no validateJsonElement", e);
        }
    }

    private static String key(Manifest manifest) {
        return manifest.apiVersion() + "/" + manifest.kind();
    }
}
