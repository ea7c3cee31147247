using System.Collections.Concurrent;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// What a field walk needs to know of one JSON member of a model type, looked up by the member's name as characters:
/// the member's type (<see cref="ModelSchema.Child"/>) and whether it is a list merged by key or by value
/// (<see cref="PatchMeta"/>). A map's members all share the map's value type.
/// </summary>
internal sealed record FieldSchema(Type? Type, bool Merges, string? MergeKey)
{
    private static readonly FieldSchema Untyped = new(null, false, null);
    private static readonly ConcurrentDictionary<Type, Members> ByOwner = new();

    public static FieldSchema Of(Type? owner, ReadOnlySpan<char> name)
    {
        if (owner is null)
        {
            return Untyped;
        }
        var members = ByOwner.GetOrAdd(owner, static t => new Members(t));
        return members.Find(name);
    }

    private sealed class Members
    {
        private readonly Type owner;
        private readonly FieldSchema? mapValue;
        private readonly ConcurrentDictionary<string, FieldSchema> byName = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, FieldSchema>.AlternateLookup<ReadOnlySpan<char>> lookup;

        public Members(Type owner)
        {
            this.owner = owner;
            lookup = byName.GetAlternateLookup<ReadOnlySpan<char>>();
            if (ModelSchema.IsMap(owner))
            {
                mapValue = new FieldSchema(ModelSchema.Child(owner, ""), false, null);
            }
        }

        public FieldSchema Find(ReadOnlySpan<char> name)
        {
            if (mapValue is not null)
            {
                return mapValue;
            }
            if (lookup.TryGetValue(name, out var found))
            {
                return found;
            }
            // A name the type does not declare has no schema; it is not kept, so names from opaque payloads cannot grow the table.
            if (ModelSchema.Property(owner, name) is null)
            {
                return Untyped;
            }
            var key = name.ToString();
            var meta = PatchMeta.For(owner, key);
            return byName.GetOrAdd(key, new FieldSchema(ModelSchema.Child(owner, key), meta?.Merges == true, meta?.MergeKey));
        }
    }
}
