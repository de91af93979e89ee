using Google.Protobuf.WellKnownTypes;
using PushGrpc.Contracts.V1;
using static PushGrpc.Server.Tests.TestNotifications;

namespace PushGrpc.Server.Tests.Mapping;

public sealed class StructJsonTests
{
    private static string CustomJson(params (string Key, Value Value)[] fields)
    {
        var data = new Struct();
        foreach (var (key, value) in fields)
        {
            data.Fields[key] = value;
        }

        return PayloadJson(new Notification { CustomData = data });
    }

    [Fact]
    public void Convert_Null_WritesNull()
    {
        Assert.Equal("""{"aps":{},"n":null}""", CustomJson(("n", Value.ForNull())));
    }

    [Fact]
    public void Convert_UnsetValue_WritesNull()
    {
        Assert.Equal("""{"aps":{},"n":null}""", CustomJson(("n", new Value())));
    }

    [Fact]
    public void Convert_Bools_WritesTrueAndFalse()
    {
        Assert.Equal("""{"aps":{},"t":true,"f":false}""", CustomJson(("t", Value.ForBool(true)), ("f", Value.ForBool(false))));
    }

    [Theory]
    [InlineData(3d, "3")]
    [InlineData(0d, "0")]
    [InlineData(-42d, "-42")]
    [InlineData(9007199254740992d, "9007199254740992")]
    [InlineData(1e20, "1E+20")]
    [InlineData(2.5, "2.5")]
    [InlineData(-0.125, "-0.125")]
    [InlineData(0.1, "0.1")]
    public void Convert_Number_WritesIntegersWithoutFraction(double number, string expected)
    {
        Assert.Equal($$$"""{"aps":{},"n":{{{expected}}}}""", CustomJson(("n", Value.ForNumber(number))));
    }

    [Fact]
    public void Convert_NegativeZero_WritesZero()
    {
        Assert.Equal("""{"aps":{},"n":0}""", CustomJson(("n", Value.ForNumber(-0d))));
    }

    [Fact]
    public void Convert_String_WritesEscapedString()
    {
        Assert.Equal("""{"aps":{},"s":"a\"b"}""", CustomJson(("s", Value.ForString("a\"b"))));
    }

    [Fact]
    public void Convert_NestedStructsAndLists_WritesSameShape()
    {
        var nested = Value.ForStruct(new Struct
        {
            Fields =
            {
                ["list"] = Value.ForList(Value.ForNumber(1), Value.ForString("two"), Value.ForNull(), Value.ForBool(true),
                    Value.ForList(), Value.ForStruct(new Struct { Fields = { ["deep"] = Value.ForNumber(1.5) } })),
                ["empty"] = Value.ForStruct(new Struct()),
            },
        });

        Assert.Equal(
            """{"aps":{},"outer":{"list":[1,"two",null,true,[],{"deep":1.5}],"empty":{}}}""",
            CustomJson(("outer", nested)));
    }

    [Fact]
    public void Convert_KeysNeedingEscapes_WritesValidJsonKeys()
    {
        Assert.Equal("""{"aps":{},"a\"b":1,"ü":2}""", CustomJson(("a\"b", Value.ForNumber(1)), ("ü", Value.ForNumber(2))));
    }

    [Fact]
    public void Convert_ContentStateAndAttributes_UseSameConversion()
    {
        var state = new Struct { Fields = { ["progress"] = Value.ForNumber(0.5), ["done"] = Value.ForBool(false) } };
        var attributes = new Struct { Fields = { ["ids"] = Value.ForList(Value.ForNumber(1), Value.ForNumber(2)) } };

        var json = PayloadJson(new Aps { ContentState = state, Attributes = attributes });

        Assert.Equal("""{"aps":{"content-state":{"progress":0.5,"done":false},"attributes":{"ids":[1,2]}}}""", json);
    }

    [Fact]
    public void Convert_NonFiniteNestedNumber_ReportsPathToIt()
    {
        var data = new Struct
        {
            Fields = { ["scores"] = Value.ForList(Value.ForNumber(1), Value.ForStruct(new Struct { Fields = { ["x"] = Value.ForNumber(double.NaN) } })) },
        };

        var prepared = Prepare(new Notification { CustomData = data });

        Assert.Equal("custom_data.scores[1].x", prepared.PayloadErrorPath);
        Assert.True(prepared.Payload.IsEmpty);
    }

    [Fact]
    public void Convert_NonFiniteNumberInContentState_ReportsApsPath()
    {
        var state = new Struct { Fields = { ["eta"] = Value.ForNumber(double.NegativeInfinity) } };

        Assert.Equal("aps.content_state.eta", Prepare(new Notification { Aps = new Aps { ContentState = state } }).PayloadErrorPath);
    }
}
