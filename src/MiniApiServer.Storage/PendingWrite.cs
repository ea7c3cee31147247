namespace MiniApiServer.Storage;

internal sealed class PendingWrite(WriteCommand command)
{
    public WriteCommand Command { get; } = command;
    public TaskCompletionSource<WriteResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public WriteResult? Result { get; set; }
}
