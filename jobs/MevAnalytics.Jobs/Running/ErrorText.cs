namespace MevAnalytics.Jobs.Running;

/// <summary>An exception's message as a person reads it: the argument's name is in the message already where it
/// matters, so .NET's " (Parameter 'x')" suffix is left out.</summary>
public static class ErrorText
{
    public static string Of(Exception e) =>
        e is ArgumentException { ParamName: { } name } a
            ? a.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)
            : e.Message;
}
