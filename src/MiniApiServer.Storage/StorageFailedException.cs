namespace MiniApiServer.Storage;

/// <summary>
/// The durable store refused a commit (disk full, I/O error): nothing of the batch was applied. Reported as a
/// 500 InternalError naming the storage error, as kube-apiserver reports an etcd write failure.
/// </summary>
public sealed class StorageFailedException(string message, Exception? inner = null) : Exception(message, inner);
