package com.ostcharts.deploycheck;

import java.nio.file.Path;
import java.util.List;

/** Renders a kustomization with kubectl's built-in kustomize, as {@code kubectl apply -k} would. */
final class Kustomize {

    private Kustomize() {
    }

    static List<Manifest> render(Path kustomization) {
        Tools.requireKubectl();
        Tools.Result result = Tools.run(Tools.ROOT, List.of("kubectl", "kustomize", kustomization.toString()));
        if (!result.ok()) {
            throw new AssertionError("kubectl kustomize " + Tools.ROOT.relativize(kustomization) + " failed:\n" + result.stderr());
        }
        return Yaml.documents(result.stdout()).stream().map(Manifest::new).toList();
    }
}
