"""What must hold in any store after any race or crash: the issued counter of each
resource equals its service numbers, within the quota, and each number is findable."""
from __future__ import annotations

from icp_filing import records
from kvstore import Store


def check_resource(store: Store, resource_id: str, quota: int) -> list[str]:
    """The resource's numbers, after asserting the invariants."""
    stored = store.get(*records.resource_key(resource_id))
    numbers = [i["service_number"] for i in store.query_all(records.resource_key(resource_id)[0], prefix="SN#")]
    assert stored.get("issued", 0) == len(numbers), (resource_id, stored.get("issued"), len(numbers))
    assert len(numbers) <= quota
    for number in numbers:
        pointer = store.get(*records.service_number_pointer_key(number))
        assert pointer is not None and pointer["resource_id"] == resource_id
        assert [e["action"] for e in store.query_all(f"SN#{number}", prefix="EVENT#")] == ["issued"]
    return numbers
