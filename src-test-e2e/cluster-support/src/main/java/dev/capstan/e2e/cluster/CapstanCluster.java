package dev.capstan.e2e.cluster;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs against a real cluster: one cluster per test run, a fresh namespace
 * per class. Parameters of type {@link io.fabric8.kubernetes.client.KubernetesClient} and {@link
 * ClusterContext} are injected. If the cluster cannot be reached the tests fail; they are never
 * skipped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ClusterExtension.class)
@Tag("cluster")
public @interface CapstanCluster {}
