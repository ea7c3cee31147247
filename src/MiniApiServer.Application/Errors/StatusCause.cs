namespace MiniApiServer.Application.Errors;

/// <summary>One field error, as in metav1.StatusCause: reason FieldValueRequired, FieldValueInvalid, ...</summary>
public sealed record StatusCause(string Reason, string Message, string Field);
