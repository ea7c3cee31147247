using MiniApiServer.Application.Serialization.Protobuf;

namespace MiniApiServer.UnitTests.Serialization;

public sealed class KubernetesProtobufTests
{
    private static byte[] Field(int number, byte[] payload) => [(byte)((number << 3) | 2), (byte)payload.Length, .. payload];

    private static byte[] Str(int number, string value) => Field(number, System.Text.Encoding.UTF8.GetBytes(value));

    [Fact]
    public void Decode_NamespaceEnvelope_GivesJsonWithNameAndLabels()
    {
        var label = Field(11, [.. Str(1, "team"), .. Str(2, "obs")]);
        var ns = Field(1, [.. Str(1, "demo"), .. label]);
        var typeMeta = Field(1, [.. Str(1, "v1"), .. Str(2, "Namespace")]);
        byte[] body = [.. "k8s\0"u8.ToArray(), .. typeMeta, .. Field(2, ns)];
        var obj = KubernetesProtobuf.Decode(body);
        Assert.Equal("Namespace", obj["kind"]!.GetValue<string>());
        Assert.Equal("demo", obj["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("obs", obj["metadata"]!["labels"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public void Decode_Truncated_IsFormatException() =>
        Assert.Throws<FormatException>(() => KubernetesProtobuf.Decode([.. "k8s\0"u8.ToArray(), 0x0a, 0x40, 0x01]));

    [Fact]
    public void Decode_UnknownKind_IsNotSupported()
    {
        byte[] body = [.. "k8s\0"u8.ToArray(), .. Field(1, [.. Str(1, "example.com/v1"), .. Str(2, "Widget")])];
        Assert.Throws<NotSupportedException>(() => KubernetesProtobuf.Decode(body));
    }
}
