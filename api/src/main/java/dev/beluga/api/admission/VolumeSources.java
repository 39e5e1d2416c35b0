package dev.beluga.api.admission;

import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;

/** Which sources a Volume names, in upstream's field order; fabric8 has one nullable field per source. */
final class VolumeSources {
    /** Sources this cluster can mount. */
    static final List<String> SUPPORTED = List.of("configMap", "downwardAPI", "emptyDir", "hostPath", "projected", "secret");

    private VolumeSources() {}

    static List<String> present(Volume v) {
        List<String> out = new ArrayList<>(1);
        add(out, v.getHostPath(), "hostPath");
        add(out, v.getEmptyDir(), "emptyDir");
        add(out, v.getGcePersistentDisk(), "gcePersistentDisk");
        add(out, v.getAwsElasticBlockStore(), "awsElasticBlockStore");
        add(out, v.getGitRepo(), "gitRepo");
        add(out, v.getSecret(), "secret");
        add(out, v.getNfs(), "nfs");
        add(out, v.getIscsi(), "iscsi");
        add(out, v.getGlusterfs(), "glusterfs");
        add(out, v.getPersistentVolumeClaim(), "persistentVolumeClaim");
        add(out, v.getRbd(), "rbd");
        add(out, v.getFlexVolume(), "flexVolume");
        add(out, v.getCinder(), "cinder");
        add(out, v.getCephfs(), "cephfs");
        add(out, v.getFlocker(), "flocker");
        add(out, v.getDownwardAPI(), "downwardAPI");
        add(out, v.getFc(), "fc");
        add(out, v.getAzureFile(), "azureFile");
        add(out, v.getConfigMap(), "configMap");
        add(out, v.getVsphereVolume(), "vsphereVolume");
        add(out, v.getQuobyte(), "quobyte");
        add(out, v.getAzureDisk(), "azureDisk");
        add(out, v.getPhotonPersistentDisk(), "photonPersistentDisk");
        add(out, v.getProjected(), "projected");
        add(out, v.getPortworxVolume(), "portworxVolume");
        add(out, v.getScaleIO(), "scaleIO");
        add(out, v.getStorageos(), "storageos");
        add(out, v.getCsi(), "csi");
        add(out, v.getEphemeral(), "ephemeral");
        add(out, v.getImage(), "image");
        return out;
    }

    static int count(Volume v) {
        return present(v).size();
    }

    private static void add(List<String> out, Object source, String name) {
        if (source != null) out.add(name);
    }
}
