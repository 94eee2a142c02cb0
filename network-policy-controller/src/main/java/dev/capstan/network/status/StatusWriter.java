package dev.capstan.network.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.net.HttpURLConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-side applies a primary's status and puts the result into JOSDK's primary cache (JOSDK
 * 5.2.1 does not cache what {@code UpdateControl.patchStatus} writes, so the next reconcile could
 * see the old status and write again). A primary deleted since the reconcile started is not an
 * error: there is no status left to write.
 */
public final class StatusWriter {

  private static final Logger LOGGER = LoggerFactory.getLogger(StatusWriter.class);

  private StatusWriter() {}

  /** Returns whether the status was written. */
  public static <P extends HasMetadata> boolean apply(P primary, P patch, Context<P> context) {
    try {
      PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(primary, patch, context);
      return true;
    } catch (RuntimeException e) {
      if (notFound(e)) {
        LOGGER.debug("not writing status: deleted meanwhile");
        return false;
      }
      throw e;
    }
  }

  private static boolean notFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k
          && k.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return true;
      }
    }
    return false;
  }
}
