using System.Collections.Concurrent;
using System.Text;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// What a field walk needs to know of one JSON member of a model type: the member's type
/// (<see cref="ModelSchema.Child"/>) and whether it is a list merged by key or by value (<see cref="PatchMeta"/>).
/// Looked up by the member's UTF-8 name, as a JSON reader holds it. A map's members all share the map's value type.
/// </summary>
internal sealed record FieldSchema(Type? Type, bool Merges, string? MergeKey)
{
    private static readonly FieldSchema Untyped = new(null, false, null);
    private static readonly ConcurrentDictionary<Type, Members> ByOwner = new();

    /// <summary>The member table of a type, to look up each member of one object in; null for no known type.</summary>
    public static Members? MembersOf(Type? owner) => owner is null ? null : ByOwner.GetOrAdd(owner, static t => new Members(t));

    public static FieldSchema Find(Members? members, ReadOnlySpan<byte> name) => members?.Find(name) ?? Untyped;

    internal sealed class Members
    {
        private readonly Type owner;
        private readonly FieldSchema? mapValue;
        private readonly ConcurrentDictionary<byte[], FieldSchema> byName = new(ByteSequenceComparer.Instance);
        private readonly ConcurrentDictionary<byte[], FieldSchema>.AlternateLookup<ReadOnlySpan<byte>> lookup;

        public Members(Type owner)
        {
            this.owner = owner;
            lookup = byName.GetAlternateLookup<ReadOnlySpan<byte>>();
            if (ModelSchema.IsMap(owner))
            {
                mapValue = new FieldSchema(ModelSchema.Child(owner, ""), false, null);
            }
        }

        public FieldSchema Find(ReadOnlySpan<byte> name)
        {
            if (mapValue is not null)
            {
                return mapValue;
            }
            if (lookup.TryGetValue(name, out var found))
            {
                return found;
            }
            var key = Encoding.UTF8.GetString(name);
            // A name the type does not declare has no schema; it is not kept, so names from opaque payloads cannot grow the table.
            if (ModelSchema.Property(owner, key) is null)
            {
                return Untyped;
            }
            var meta = PatchMeta.For(owner, key);
            return byName.GetOrAdd(name.ToArray(), new FieldSchema(ModelSchema.Child(owner, key), meta?.Merges == true, meta?.MergeKey));
        }
    }
}
