"""Reading the scene planner's answer robustly."""
from __future__ import annotations

import pytest

from app.errors import MVError
from app.providers.planning import parse_scene_list


@pytest.mark.parametrize("answer", [
    '{"scenes": ["a", "b", "c"]}',
    'Sure! Here you go:\n```json\n{"scenes": ["a", "b", "c"]}\n```\nEnjoy.',
    '```\n["a", "b", "c"]\n```',
    'The plan {"scenes": [{"prompt": "a"}, {"prompt": "b"}, {"description": "c"}]} done',
    '{"scenes": ["a", "b", "c", "d", "e"]}',
    '{"scenes": ["a", "", "b", "  ", "c"]}',
    'Scenes: ["a",\n "b",\n "c"] (three)',
])
def test_scene_lists_are_found_and_trimmed(answer):
    assert parse_scene_list(answer, 3) == ["a", "b", "c"]


def test_whitespace_inside_prompts_is_tidied():
    assert parse_scene_list('{"scenes": ["a  wide\\n shot"]}', 1) == ["a wide shot"]


@pytest.mark.parametrize("answer, message", [
    ('{"scenes": ["a", "b"]}', "wrote 2 scene(s) for 3 clip(s)"),
    ("I cannot help with that.", "no list of scenes"),
    ('{"scenes": "a, b, c"}', "no list of scenes"),
    ("", "no list of scenes"),
])
def test_unusable_answers_fail_clearly(answer, message):
    with pytest.raises(MVError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_scene_list(answer, 3)
