import { describe, expect, it } from "vitest";
import { timeRangeOf } from "./recall-time.js";

const now = new Date("2023-08-20T15:00:00.000Z");

describe("timeRangeOf (unit)", () => {
  it("reads dates and months with a year", () => {
    expect(timeRangeOf("What happened on 8 May, 2023?", now)).toEqual({
      from: "2023-05-08T00:00:00.000Z",
      to: "2023-05-08T23:59:59.999Z",
    });
    expect(timeRangeOf("and on May 8th 2023", now)).toEqual({
      from: "2023-05-08T00:00:00.000Z",
      to: "2023-05-08T23:59:59.999Z",
    });
    expect(timeRangeOf("What did I read in March 2023?", now)).toEqual({
      from: "2023-03-01T00:00:00.000Z",
      to: "2023-03-31T23:59:59.999Z",
    });
    expect(timeRangeOf("anything in 2022?", now)).toEqual({
      from: "2022-01-01T00:00:00.000Z",
      to: "2022-12-31T23:59:59.999Z",
    });
  });

  it("reads periods against the message's own date", () => {
    expect(timeRangeOf("What did we say yesterday?", now)).toEqual({
      from: "2023-08-19T00:00:00.000Z",
      to: "2023-08-19T23:59:59.999Z",
    });
    expect(timeRangeOf("Where did I go last summer?", now)).toEqual({
      from: "2022-06-01T00:00:00.000Z",
      to: "2022-08-31T23:59:59.999Z",
    });
    // That moment, give or take half the unit.
    expect(timeRangeOf("the film two weeks ago", now)).toEqual({
      from: "2023-08-03T03:00:00.000Z",
      to: "2023-08-10T02:59:59.999Z",
    });
    expect(timeRangeOf("the book from last month", now)).toEqual({
      from: "2023-07-01T00:00:00.000Z",
      to: "2023-07-31T23:59:59.999Z",
    });
    // A month without a year: the latest one up to the message.
    expect(timeRangeOf("what I cooked in October", now)).toEqual({
      from: "2022-10-01T00:00:00.000Z",
      to: "2022-10-31T23:59:59.999Z",
    });
  });

  it("is undefined when the message names no time", () => {
    expect(timeRangeOf("What is my cat called?", now)).toBeUndefined();
    expect(timeRangeOf("I may come", now)).toBeUndefined();
  });
});
