from waishi.core.testing import PUBLIC, AccessCase

CASES = [
    AccessCase("public:overview", PUBLIC),
]
