using System.Text.Json.Nodes;

namespace MiniApiServer.OpenApi;

/// <summary>Schemas of types that the C# models represent with primitives, written as upstream has them.</summary>
internal static class WellKnownSchemas
{
    public static JsonObject? For(string name) => name switch
    {
        SchemaNames.Time => StringSchema("date-time",
            "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers."),
        SchemaNames.MicroTime => StringSchema("date-time", "MicroTime is version of Time with microsecond level precision."),
        SchemaNames.IntOrString => IntOrStringSchema(),
        SchemaNames.Quantity => StringSchema("quantity",
            "Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n\n\t(Note that <suffix> may be empty, from the \"\" case in <decimalSI>.)\n\n<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= \"+\" | \"-\" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)\n\n<decimalSI>       ::= m | \"\" | k | M | G | T | P | E\n\n\t(Note that 1024 = 1Ki but 1000 = 1k; I didn't choose the capitalization.)\n\n<decimalExponent> ::= \"e\" <signedNumber> | \"E\" <signedNumber> ```"),
        SchemaNames.FieldsV1 => ObjectSchema(
            "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.\n\nEach key is either a '.' representing the field itself, and will always map to an empty set, or a string representing a sub-field or item. The string will follow one of these four formats: 'f:<name>', where <name> is the name of a field in a struct, or key in a map 'v:<value>', where <value> is the exact json formatted value of a list item 'i:<index>', where <index> is position of a item in a list 'k:<keys>', where <keys> is a map of  a list item's key fields to their unique values If a key maps to an empty Fields value, the field that key represents is part of the set.\n\nThe exact format is defined in sigs.k8s.io/structured-merge-diff"),
        SchemaNames.RawExtension => ObjectSchema(
            "RawExtension is used to hold extensions in external versions.\n\nTo use this, make a field which has RawExtension as its type in your external, versioned struct, and Object in your internal struct. You also need to register your various plugin types."),
        SchemaNames.Patch => ObjectSchema(
            "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body."),
        _ => null,
    };

    private static JsonObject StringSchema(string format, string description) =>
        new() { ["description"] = description, ["format"] = format, ["type"] = "string" };

    private static JsonObject ObjectSchema(string description) => new() { ["description"] = description, ["type"] = "object" };

    private static JsonObject IntOrStringSchema()
    {
        var schema = StringSchema("int-or-string",
            "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.");
        schema["x-kubernetes-int-or-string"] = true;
        return schema;
    }
}
