namespace MiniApiServer.Application.Services;

/// <summary>
/// --service-cluster-ip-range and --service-node-port-range (kube-apiserver's defaults: 10.0.0.0/24 there,
/// 10.96.0.0/12 as kubeadm and kind configure it here; 30000-32767).
/// </summary>
public sealed class ServiceNetwork
{
    public const string DefaultClusterIpRange = "10.96.0.0/12";

    public ServiceNetwork(string? clusterIpRange = null, string? nodePortRange = null)
    {
        ClusterIps = Ipv4Cidr.Parse(string.IsNullOrEmpty(clusterIpRange) ? DefaultClusterIpRange : clusterIpRange);
        (FirstNodePort, LastNodePort) = ParsePortRange(string.IsNullOrEmpty(nodePortRange) ? "30000-32767" : nodePortRange);
    }

    public Ipv4Cidr ClusterIps { get; }

    public int FirstNodePort { get; }

    public int LastNodePort { get; }

    /// <summary>The first address of the range belongs to the kubernetes Service (GetIndexedIP(serviceCIDR, 1)).</summary>
    public string KubernetesServiceIp => ClusterIps.At(1);

    public static (int First, int Last) ParsePortRange(string text)
    {
        var parts = text.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], out var first) && int.TryParse(parts[1], out var last) && first is > 0 and <= 65535 && last >= first && last <= 65535)
        {
            return (first, last);
        }
        throw new FormatException($"{text} is not a port range such as 30000-32767");
    }
}
