package org.actionrec.spark;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.backbone.BackboneLoadException;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.Backbones;
import org.actionrec.backbone.SharedBackbone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backbones loaded in this JVM (an executor, or the driver in local mode), one per file and engine
 * settings, loaded by the first task that needs one and kept until the JVM ends: loading a model takes
 * seconds and native memory, a task's session takes neither.
 */
final class ExecutorBackbones {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorBackbones.class);
    private static final Map<String, SharedBackbone> LOADED = new HashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorBackbones() {
    }

    /** The loaded backbone for these settings, loading it on first use. */
    static synchronized SharedBackbone get(ExtractionSettings s) throws BackboneException {
        String key = s.backboneFile() + "|" + s.backboneSha256() + "|" + s.threadsHere() + "|" + s.batchSize();
        SharedBackbone shared = LOADED.get(key);
        if (shared != null) {
            return shared;
        }
        Backbone loaded = Backbones.open(Path.of(s.backboneFile()), BackboneRegistry.standard().require(s.specName()),
                BackboneOptions.defaults().withIntraOpThreads(s.threadsHere()).withPreferredBatchSize(s.batchSize()));
        if (!loaded.info().sha256().equals(s.backboneSha256())) {
            loaded.close();
            throw new BackboneLoadException(s.backboneFile() + " on this executor has sha256 " + loaded.info().sha256()
                    + ", the driver's has " + s.backboneSha256() + ": every node must see the same backbone file");
        }
        shared = SharedBackbone.of(loaded);
        LOADED.put(key, shared);
        LOADS.incrementAndGet();
        LOG.info("loaded {} once for this JVM with {} engine threads", s.backboneFile(), s.threadsHere());
        return shared;
    }

    /** How many backbones this JVM has loaded (tests check that tasks share one). */
    static int loads() {
        return LOADS.get();
    }
}
