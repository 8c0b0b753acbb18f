"""The shipped CI files for GitLab (and openCode.de) and GitHub: valid for the hosts
(their published schemas, as check-jsonschema vendors them), publishing from the
default branch, checking and building merge and pull requests, and giving the site
the Pages address when content/site.yml has no site_url."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, make_project
from generator.reading.load import PAGES_ADDRESS, load

GITLAB, GITHUB = ROOT / ".gitlab-ci.yml", ROOT / ".github" / "workflows" / "site.yml"


@pytest.mark.parametrize(("file", "schema"), [(GITLAB, "vendor.gitlab-ci"), (GITHUB, "vendor.github-workflows")], ids=["gitlab", "github"])
def test_the_ci_files_pass_the_hosts_schemas(file, schema):
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(file)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_publishes_the_default_branch_and_builds_merge_requests():
    ci = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    text = GITLAB.read_text(encoding="utf-8")
    assert '"main"' not in text and "'main'" not in text
    assert {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'} in ci["workflow"]["rules"]
    assert ci["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert "rules" not in ci["check"]  # in every pipeline, merge requests' too
    assert ci["build"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}] and ci["build"]["artifacts"]["paths"] == ["site"]
    assert ci["pages"]["variables"] == {PAGES_ADDRESS: "$CI_PAGES_URL"}


def test_github_publishes_the_default_branch_with_the_documented_permissions():
    ci = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    on = ci[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request"} <= set(on) and "branches" not in (on["push"] or {})
    assert ci["permissions"] == {"contents": "read"}
    publish = ci["jobs"]["publish"]
    assert "github.event.repository.default_branch" in publish["if"] and "main" not in publish["if"]
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    steps = publish["steps"]
    configure = next(step for step in steps if step.get("uses", "").startswith("actions/configure-pages@"))
    build = next(step for step in steps if step.get("run") == "make site")
    assert build["env"] == {PAGES_ADDRESS: "${{ steps." + configure["id"] + ".outputs.base_url }}"}
    assert ci["jobs"]["build"]["if"] == "github.event_name == 'pull_request'"


def test_the_pages_address_is_the_site_url_where_site_yml_has_none(tmp_path, monkeypatch):
    project = make_project(tmp_path, ROOT / "content")
    site = project / "content" / "site.yml"
    monkeypatch.setenv(PAGES_ADDRESS, "https://gruppe.gitlab.io/kim")
    assert load(project / "content", project).settings.site_url == "https://gruppe.gitlab.io/kim/"
    site.write_text(site.read_text(encoding="utf-8") + "\nsite_url: https://kim.herne.de/\n", encoding="utf-8")
    assert load(project / "content", project).settings.site_url == "https://kim.herne.de/"  # the file's own wins
    site.write_text(site.read_text(encoding="utf-8").replace("site_url: https://kim.herne.de/\n", ""), encoding="utf-8")
    monkeypatch.setenv(PAGES_ADDRESS, 'https://x.example/"><script>')
    directory = load(project / "content", project)
    assert directory.settings.site_url is None
    assert any(w.field == "site_url" and PAGES_ADDRESS in w.message for w in directory.warnings)
