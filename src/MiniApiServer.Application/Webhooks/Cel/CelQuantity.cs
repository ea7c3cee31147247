using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// A Kubernetes quantity as CEL's quantity library sees it (k8s.io/apiserver/pkg/cel/library/quantity.go): parsed as
/// the API parses resource quantities, compared and added exactly, equal when Cmp says so.
/// </summary>
internal sealed class CelQuantity(ResourceQuantity quantity) : IEquatable<CelQuantity>
{
    public ResourceQuantity Quantity { get; } = quantity;

    public decimal Exact { get; } = QuantityMath.Exact(quantity);

    public static CelQuantity Parse(string text) => TryParse(text, out var quantity, out var error) ? quantity : throw new CelException(error);

    /// <summary>Through the API's own quantity converter, so the syntax, the exponent bound and the error text are the API's.</summary>
    public static bool TryParse(string text, out CelQuantity quantity, out string error)
    {
        quantity = null!;
        error = "";
        try
        {
            var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(text);
            var reader = new System.Text.Json.Utf8JsonReader(json);
            reader.Read();
            var parsed = new BoundedQuantityConverter().Read(ref reader, typeof(ResourceQuantity), System.Text.Json.JsonSerializerOptions.Default);
            quantity = new CelQuantity(parsed!);
            return true;
        }
        catch (System.Text.Json.JsonException ex)
        {
            error = BoundedQuantityConverter.ErrorOf(ex);
            return false;
        }
    }

    public bool Equals(CelQuantity? other) => other is not null && Exact == other.Exact;

    public override bool Equals(object? obj) => Equals(obj as CelQuantity);

    public override int GetHashCode() => Exact.GetHashCode();

    public override string ToString() => QuantityMath.Text(Quantity);
}
