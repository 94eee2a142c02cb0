package dev.capstan.security.policy.pod;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The copy of a pod that the defaulter may change, made for every policy of every admission. A full
 * deep copy (JSON round trip or fabric8 builders) was most of a mutating decision's cost, yet the
 * defaulter only ever <em>sets</em> fields on a few objects: the pod, its spec and security
 * context, the containers (all three lists), their security contexts and capabilities; the engine
 * adds an annotation to the metadata. Exactly those objects (and the annotation map) are copied,
 * field by field; everything below them (volumes, env, probes, lists the defaulter replaces rather
 * than changes) is shared with the original, which therefore stays as it was. {@code PodCopyTest}
 * checks that defaulting a copy leaves the original unchanged.
 */
public final class PodCopy {

  private static final ClassValue<ShallowCopier> COPIERS =
      new ClassValue<>() {
        @Override
        protected ShallowCopier computeValue(Class<?> type) {
          return new ShallowCopier(type);
        }
      };

  private PodCopy() {}

  public static Pod forDefaulting(Pod pod) {
    Pod copy = shallow(pod);
    PodSpec spec = shallow(pod.getSpec());
    if (spec != null) {
      spec.setSecurityContext(shallow(spec.getSecurityContext()));
      spec.setContainers(containers(spec.getContainers()));
      spec.setInitContainers(containers(spec.getInitContainers()));
      spec.setEphemeralContainers(ephemeralContainers(spec.getEphemeralContainers()));
    }
    copy.setSpec(spec);
    return copy;
  }

  /**
   * The pod with its own metadata and annotation map, the rest shared: for the engine to record the
   * chosen policy in an annotation of the pod it admits (once per admission).
   */
  public static Pod withOwnAnnotations(Pod pod) {
    Pod copy = shallow(pod);
    ObjectMeta meta = pod.getMetadata() == null ? new ObjectMeta() : shallow(pod.getMetadata());
    meta.setAnnotations(
        meta.getAnnotations() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(meta.getAnnotations()));
    copy.setMetadata(meta);
    return copy;
  }

  private static List<Container> containers(List<Container> containers) {
    if (containers == null) {
      return null;
    }
    List<Container> copies = new ArrayList<>(containers.size());
    for (Container c : containers) {
      Container copy = shallow(c);
      if (copy != null) {
        copy.setSecurityContext(securityContext(c.getSecurityContext()));
      }
      copies.add(copy);
    }
    return copies;
  }

  private static List<EphemeralContainer> ephemeralContainers(List<EphemeralContainer> containers) {
    if (containers == null) {
      return null;
    }
    List<EphemeralContainer> copies = new ArrayList<>(containers.size());
    for (EphemeralContainer c : containers) {
      EphemeralContainer copy = shallow(c);
      if (copy != null) {
        copy.setSecurityContext(securityContext(c.getSecurityContext()));
      }
      copies.add(copy);
    }
    return copies;
  }

  private static SecurityContext securityContext(SecurityContext sc) {
    SecurityContext copy = shallow(sc);
    if (copy != null) {
      Capabilities caps = shallow(sc.getCapabilities());
      copy.setCapabilities(caps);
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  static <T> T shallow(T source) {
    return source == null ? null : (T) COPIERS.get(source.getClass()).copy(source);
  }

  /**
   * Copies every instance field of a model class (its no-argument constructor, then the fields).
   */
  private static final class ShallowCopier {
    private final Constructor<?> constructor;
    private final Field[] fields;

    ShallowCopier(Class<?> type) {
      try {
        constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(type + " has no no-argument constructor", e);
      }
      List<Field> all = new ArrayList<>();
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (!Modifier.isStatic(f.getModifiers())) {
            f.setAccessible(true);
            all.add(f);
          }
        }
      }
      fields = all.toArray(Field[]::new);
    }

    Object copy(Object source) {
      try {
        Object copy = constructor.newInstance();
        for (Field f : fields) {
          f.set(copy, f.get(source));
        }
        return copy;
      } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot copy a " + source.getClass().getName(), e);
      }
    }
  }
}
