using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_restrictedVolumes_test.go.</summary>
public sealed class RestrictedVolumesCheckTests
{
    [Fact]
    public void RestrictedAndUnknownTypes_Listed()
    {
        V1Volume[] volumes =
        [
            // allowed types
            new() { Name = "a1", EmptyDir = new V1EmptyDirVolumeSource() },
            new() { Name = "a2", Secret = new V1SecretVolumeSource() },
            new() { Name = "a3", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource() },
            new() { Name = "a4", DownwardAPI = new V1DownwardAPIVolumeSource() },
            new() { Name = "a5", ConfigMap = new V1ConfigMapVolumeSource() },
            new() { Name = "a6", Projected = new V1ProjectedVolumeSource() },
            new() { Name = "a7", Csi = new V1CSIVolumeSource() },
            new() { Name = "a8", Ephemeral = new V1EphemeralVolumeSource() },

            // known restricted types
            new() { Name = "b1", HostPath = new V1HostPathVolumeSource() },
            new() { Name = "b2", GcePersistentDisk = new V1GCEPersistentDiskVolumeSource() },
            new() { Name = "b3", AwsElasticBlockStore = new V1AWSElasticBlockStoreVolumeSource() },
            new() { Name = "b4", GitRepo = new V1GitRepoVolumeSource() },
            new() { Name = "b5", Nfs = new V1NFSVolumeSource() },
            new() { Name = "b6", Iscsi = new V1ISCSIVolumeSource() },
            new() { Name = "b7", Glusterfs = new V1GlusterfsVolumeSource() },
            new() { Name = "b8", Rbd = new V1RBDVolumeSource() },
            new() { Name = "b9", FlexVolume = new V1FlexVolumeSource() },
            new() { Name = "b10", Cinder = new V1CinderVolumeSource() },
            new() { Name = "b11", Cephfs = new V1CephFSVolumeSource() },
            new() { Name = "b12", Flocker = new V1FlockerVolumeSource() },
            new() { Name = "b13", Fc = new V1FCVolumeSource() },
            new() { Name = "b14", AzureFile = new V1AzureFileVolumeSource() },
            new() { Name = "b15", VsphereVolume = new V1VsphereVirtualDiskVolumeSource() },
            new() { Name = "b16", Quobyte = new V1QuobyteVolumeSource() },
            new() { Name = "b17", AzureDisk = new V1AzureDiskVolumeSource() },
            new() { Name = "b18", PhotonPersistentDisk = new V1PhotonPersistentDiskVolumeSource() },
            new() { Name = "b19", PortworxVolume = new V1PortworxVolumeSource() },
            new() { Name = "b20", ScaleIO = new V1ScaleIOVolumeSource() },
            new() { Name = "b21", Storageos = new V1StorageOSVolumeSource() },

            // unknown type
            new() { Name = "c1" },
        ];
        Forbidden(Version(RestrictedVolumesCheck.Check, 0, new V1PodSpec { Volumes = volumes }),
            "restricted volume types",
            "volumes "
            + "\"b1\", \"b2\", \"b3\", \"b4\", \"b5\", \"b6\", \"b7\", \"b8\", \"b9\", \"b10\", \"b11\", \"b12\", \"b13\", \"b14\", \"b15\", \"b16\", \"b17\", \"b18\", \"b19\", \"b20\", \"b21\", \"c1\""
            + " use restricted volume types "
            + "\"awsElasticBlockStore\", \"azureDisk\", \"azureFile\", \"cephfs\", \"cinder\", \"fc\", \"flexVolume\", \"flocker\", \"gcePersistentDisk\", \"gitRepo\", \"glusterfs\", "
            + "\"hostPath\", \"iscsi\", \"nfs\", \"photonPersistentDisk\", \"portworxVolume\", \"quobyte\", \"rbd\", \"scaleIO\", \"storageos\", \"unknown\", \"vsphereVolume\"");
    }

    // Beyond upstream's cases: v0.32.0 predates image volumes in the allowed list, so one is of an unknown type.
    [Fact]
    public void ImageVolume_Unknown() =>
        Forbidden(Version(RestrictedVolumesCheck.Check, 0, new V1PodSpec { Volumes = [new V1Volume { Name = "img", Image = new V1ImageVolumeSource() }] }),
            "restricted volume types",
            "volume \"img\" uses restricted volume type \"unknown\"");
}
