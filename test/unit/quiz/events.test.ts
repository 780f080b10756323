import { describe, expect, it } from "vitest";

import { quizEventId, quizReviewEvents, uuidV5 } from "@/lib/quiz/events";
import { ratingForQuizAnswer } from "@/lib/srs/ratings";

const NOW = new Date("2026-03-01T08:00:00Z");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("quiz event ids", () => {
  it("are RFC 9562 version 5 UUIDs (the RFC's DNS example)", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("are stable for the same attempt, question and card, and distinct otherwise", () => {
    const id = quizEventId("attempt1", "question1", "card1");
    expect(id).toMatch(UUID);
    expect(quizEventId("attempt1", "question1", "card1")).toBe(id);
    const others = [
      quizEventId("attempt2", "question1", "card1"),
      quizEventId("attempt1", "question2", "card1"),
      quizEventId("attempt1", "question1", "card2"),
    ];
    expect(new Set([id, ...others]).size).toBe(4);
  });
});

describe("quiz review events", () => {
  it("rate every tested card: Again when wrong, Good when right, source QUIZ, tied to the attempt", () => {
    const events = quizReviewEvents(
      "user1",
      "attempt1",
      [
        { questionId: "q1", correct: false, cardIds: ["c1", "c2"], durationMs: 4200 },
        { questionId: "q2", correct: true, cardIds: ["c2"] },
      ],
      NOW,
    );
    expect(events).toEqual([
      expect.objectContaining({ cardId: "c1", rating: ratingForQuizAnswer(false), clientEventId: quizEventId("attempt1", "q1", "c1"), durationMs: 4200 }),
      expect.objectContaining({ cardId: "c2", rating: ratingForQuizAnswer(false), clientEventId: quizEventId("attempt1", "q1", "c2") }),
      expect.objectContaining({ cardId: "c2", rating: ratingForQuizAnswer(true), clientEventId: quizEventId("attempt1", "q2", "c2"), durationMs: null }),
    ]);
    for (const e of events) {
      expect(e).toMatchObject({ userId: "user1", source: "QUIZ", quizAttemptId: "attempt1", reviewedAt: NOW });
    }
  });

  it("write nothing for a question that tests no live card", () => {
    expect(quizReviewEvents("u", "a", [{ questionId: "q", correct: true, cardIds: [] }], NOW)).toEqual([]);
  });
});
