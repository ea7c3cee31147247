namespace MiniApiServer.Storage;

public static class ObjectKeys
{
    // '/' cannot occur in a namespace or a name, so the key sorts by namespace, then name, like etcd keys.
    public static string Key(string @namespace, string name) => @namespace + "/" + name;
}
