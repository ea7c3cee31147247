using System.Text;
using k8s.Models;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>
/// The create path's decode straight from a JSON body's bytes: it takes an ordinary body and declines every body that
/// the JsonNode path refuses or warns about, so that path's messages stay the only ones a client sees.
/// </summary>
public sealed class ModelCodecTryDecodeBodyTests
{
    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"app":"x","tier":"y"}},
         "spec":{"containers":[{"name":"c","image":"i","resources":{"requests":{"cpu":"100m"}}}],"nodeSelector":{"k":"v"}}}
        """;

    [Fact]
    public void OrdinaryBody_DecodesToTheModel()
    {
        var pod = Assert.IsType<V1Pod>(ModelCodec.TryDecodeBody(Encoding.UTF8.GetBytes(Pod), typeof(V1Pod)));

        Assert.Equal("p", pod.Metadata.Name);
        Assert.Equal("y", pod.Metadata.Labels["tier"]);
        Assert.Equal("i", pod.Spec.Containers[0].Image);
        Assert.Equal("100m", pod.Spec.Containers[0].Resources.Requests["cpu"].ToString());
        Assert.Equal("v", pod.Spec.NodeSelector["k"]);
    }

    [Theory]
    // Duplicate keys: at the top, in an object, in a map, in a list item.
    [InlineData("""{"kind":"Pod","kind":"Pod","metadata":{"name":"p"}}""")]
    [InlineData("""{"metadata":{"name":"p","name":"q"}}""")]
    [InlineData("""{"metadata":{"name":"p","labels":{"a":"1","a":"2"}}}""")]
    [InlineData("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","name":"d"}]}}""")]
    // A field the model does not define, anywhere: the JsonNode path warns (or refuses, with Strict).
    [InlineData("""{"metadata":{"name":"p"},"spec":{"bogus":1}}""")]
    [InlineData("""{"metadata":{"name":"p"},"extra":{"a":1,"a":2}}""")]
    // Type errors, a null list item, not an object, not JSON, JSON null.
    [InlineData("""{"kind":1,"metadata":{"name":"p"}}""")]
    [InlineData("""{"metadata":"p"}""")]
    [InlineData("""{"metadata":{"name":"p"},"spec":{"containers":[null]}}""")]
    [InlineData("""{"metadata":{"name":"p"},"spec":{"priority":3000000000}}""")]
    [InlineData("""[{"metadata":{"name":"p"}}]""")]
    [InlineData("""{"metadata":{"name":"p"}""")]
    [InlineData("null")]
    [InlineData("")]
    public void UnusualBody_IsDeclined(string body)
    {
        Assert.Null(ModelCodec.TryDecodeBody(Encoding.UTF8.GetBytes(body), typeof(V1Pod)));
    }

    [Fact]
    public void ByteOrderMark_IsDeclined()
    {
        var body = Encoding.UTF8.Preamble.ToArray().Concat(Encoding.UTF8.GetBytes(Pod)).ToArray();

        Assert.Null(ModelCodec.TryDecodeBody(body, typeof(V1Pod)));
    }

    [Fact]
    public void InvalidUtf8_IsDeclined()
    {
        var body = Encoding.UTF8.GetBytes("""{"metadata":{"name":"p","labels":{"a":"X"}}}""");
        body[Array.IndexOf(body, (byte)'X')] = 0xC3;

        Assert.Null(ModelCodec.TryDecodeBody(body, typeof(V1Pod)));
    }
}
