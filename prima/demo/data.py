"""Demo data: the places where Kementerian PANRB ran its 2020 online technical guidance and
evaluations, each with a few service units and their services, and one account per role.

Regions are looked up by name in the region table (which comes from the Kemendagri data
package), never by a typed code. Unit names are illustrative; opening hours are typical of
regional offices, not verified for each unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEMO_PASSWORD = "Demo-Prima-2026!"
# Second-factor backup codes of the demo national administrator. Each works once;
# `prima seed_demo` restores them.
DEMO_BACKUP_CODES = [f"demo-code-{i:02d}" for i in range(1, 11)]
# The demo administrator's authenticator key (hex), so an app can be set up too.
DEMO_TOTP_KEY = "5072696d612064656d6f20544f5450206b657921"

OFFICE_HOURS = [
    *({"day": d, "opens": "08:00", "closes": "15:00"} for d in range(4)),
    {"day": 4, "opens": "08:00", "closes": "11:30"},
    {"day": 4, "opens": "13:30", "closes": "15:00"},
]
CLINIC_HOURS = [{"day": d, "opens": "08:00", "closes": "14:00"} for d in range(6)]
ALWAYS_OPEN = [{"day": d, "opens": "00:00", "closes": "24:00"} for d in range(7)]

SERVICES: dict[str, list[tuple[str, str]]] = {
    "disdukcapil": [
        ("Penerbitan KTP-el", "administratif"),
        ("Penerbitan Kartu Keluarga", "administratif"),
        ("Penerbitan Akta Kelahiran", "administratif"),
        ("Penerbitan Akta Kematian", "administratif"),
        ("Surat Keterangan Pindah", "administratif"),
    ],
    "dpmptsp": [
        ("Perizinan Berusaha Berbasis Risiko (OSS RBA)", "administratif"),
        ("Persetujuan Bangunan Gedung (PBG)", "administratif"),
        ("Surat Izin Praktik Tenaga Kesehatan", "administratif"),
        ("Konsultasi dan Pengaduan Perizinan", "jasa"),
    ],
    "rsud": [
        ("Rawat Jalan", "jasa"),
        ("Rawat Inap", "jasa"),
        ("Instalasi Gawat Darurat", "jasa"),
        ("Laboratorium", "jasa"),
    ],
    "puskesmas": [
        ("Pemeriksaan Umum", "jasa"),
        ("Kesehatan Ibu dan Anak", "jasa"),
        ("Imunisasi", "jasa"),
        ("Keluarga Berencana", "jasa"),
    ],
    "kecamatan": [
        ("Rekomendasi Administrasi Kependudukan", "administratif"),
        ("Surat Keterangan", "administratif"),
        ("Legalisasi Dokumen", "administratif"),
    ],
    "samsat": [
        ("Pengesahan STNK Tahunan", "administratif"),
        ("Pembayaran Pajak Kendaraan Bermotor", "administratif"),
        ("Balik Nama Kendaraan Bermotor", "administratif"),
    ],
    "mpp": [
        ("Administrasi Kependudukan", "administratif"),
        ("Perizinan Berusaha", "administratif"),
        ("Pajak Daerah", "administratif"),
        ("Layanan BPJS Kesehatan", "jasa"),
        # Kantor Imigrasi's counter in the mall (a central office: not a unit type of its own).
        ("Penerbitan Paspor (gerai Kantor Imigrasi)", "administratif"),
    ],
}

HOURS = {
    "rsud": ALWAYS_OPEN,
    "puskesmas": CLINIC_HOURS,
}


@dataclass(frozen=True)
class DemoUnit:
    suffix: str  # appended to the region's code to make the unit code
    kind: str
    name: str
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class DemoAgency:
    code: str
    name: str
    kind: str
    region_name: str  # as in the Kemendagri data: "Maluku", "Kabupaten Buru", "Kota Ambon"
    province_name: str
    units: list[DemoUnit] = field(default_factory=list)


def _regency_units(
    seat: str, district_word: str = "Kecamatan", mpp: bool = False, hospital: str = ""
) -> list[DemoUnit]:
    units = [
        DemoUnit("DUKCAPIL", "disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
        DemoUnit("DPMPTSP", "dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
        DemoUnit("RSUD", "rsud", hospital or f"RSUD {seat}"),
        DemoUnit(f"PKM-{seat.upper().replace(' ', '')}", "puskesmas", f"Puskesmas {seat}"),
        DemoUnit(f"KEC-{seat.upper().replace(' ', '')}", "kecamatan", f"{district_word} {seat}"),
    ]
    if mpp:
        units.append(DemoUnit("MPP", "mpp", "Mal Pelayanan Publik"))
    return units


# Where each demo agency signs its documents, and how it numbers them (tata naskah dinas);
# the pattern's placeholders are prima.lib.numbering's. Addresses are illustrative.
LETTERHEADS: dict[str, dict[str, str]] = {
    "kemenpanrb": {
        "letterhead_title": "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
        "Republik Indonesia",
        "seat": "Jakarta",
        "address": "Jl. Jenderal Sudirman Kav. 69, Jakarta Selatan 12190",
        "document_number_pattern": "B/{nomor}/PP.00/{bulan}/{tahun}",
    },
    "pemprov-maluku": {"seat": "Ambon", "address": "Jl. Pattimura No. 1, Ambon"},
    "pemkab-buru": {
        "seat": "Namlea",
        "address": "Jl. Raya Namlea, Namlea, Kabupaten Buru, Maluku",
        "document_number_pattern": "800/{nomor}/{jenis}/{unit}/{tahun}",
    },
    "pemkab-maluku-tenggara": {"seat": "Langgur"},
    "pemkab-seram-bagian-barat": {"seat": "Piru"},
    "pemkot-ambon": {"seat": "Ambon", "address": "Jl. Sultan Hairun No. 1, Ambon"},
    "pemprov-papua-barat": {"seat": "Manokwari"},
    "pemkab-manokwari": {"seat": "Manokwari"},
    "pemkab-teluk-wondama": {"seat": "Rasiei"},
    "pemkab-sorong": {"seat": "Aimas"},
    "pemprov-bengkulu": {"seat": "Bengkulu"},
    "pemkab-barito-kuala": {"seat": "Marabahan"},
}

# Heads of the demo units, as they sign: invented names, NIPs in the 18-digit form.
UNIT_HEADS = (
    "Drs. La Ode Abdul Rahman, M.Si.",
    "dr. Maria Latuconsina, Sp.PD.",
    "Yusuf Tuasikal, S.Sos., M.AP.",
    "Ir. Fransina Pattiradjawane, M.T.",
    "Hasan Wamnebo, S.H.",
    "Elisabeth Rumbiak, S.E., M.M.",
)


def unit_head(index: int, unit_name: str) -> dict[str, str]:
    """The head of the demo unit number `index`: a name, the position from the unit's name,
    and a NIP (birth date, appointment month, sex, sequence)."""
    name = UNIT_HEADS[index % len(UNIT_HEADS)]
    sex = "2" if name.startswith(("dr. Maria", "Ir. Fransina", "Elisabeth")) else "1"
    born = f"{1970 + index % 20}{index % 12 + 1:02d}{10 + index % 18:02d}"
    appointed = f"{1995 + index % 20}{index % 12 + 1:02d}"
    nip = f"{born}{appointed}{sex}{index % 999 + 1:03d}"
    position = "Direktur" if unit_name.startswith("RSUD") else "Kepala"
    return {"head_name": name, "head_position": f"{position} {unit_name}", "head_nip": nip}


# Civil servants' numbers of the demo personas, printed under their signatures.
NIPS = {
    "admin.nasional": "198204152008012005",
    "evaluator.maluku": "198507212010011003",
    "admin.buru": "197911032005022001",
    "admin.ambon": "198001122006041002",
    "operator.dukcapil.buru": "199203182019031004",
}

AGENCIES: list[DemoAgency] = [
    DemoAgency(
        "kemenpanrb",
        "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
        "kementerian",
        "",
        "",
    ),
    DemoAgency(
        "pemprov-maluku",
        "Pemerintah Provinsi Maluku",
        "pemerintah_provinsi",
        "Maluku",
        "Maluku",
        [
            DemoUnit("DPMPTSP", "dpmptsp", "Dinas Penanaman Modal dan PTSP Provinsi Maluku"),
            DemoUnit("RSUD-HAULUSSY", "rsud", "RSUD dr. M. Haulussy"),
            DemoUnit("SAMSAT-AMBON", "samsat", "Samsat Kota Ambon"),
        ],
    ),
    DemoAgency(
        "pemkab-buru",
        "Pemerintah Kabupaten Buru",
        "pemerintah_kabupaten",
        "Kabupaten Buru",
        "Maluku",
        _regency_units("Namlea"),
    ),
    DemoAgency(
        "pemkab-maluku-tenggara",
        "Pemerintah Kabupaten Maluku Tenggara",
        "pemerintah_kabupaten",
        "Kabupaten Maluku Tenggara",
        "Maluku",
        _regency_units("Kei Kecil", hospital="RSUD Karel Sadsuitubun"),
    ),
    DemoAgency(
        "pemkab-seram-bagian-barat",
        "Pemerintah Kabupaten Seram Bagian Barat",
        "pemerintah_kabupaten",
        "Kabupaten Seram Bagian Barat",
        "Maluku",
        _regency_units("Piru"),
    ),
    DemoAgency(
        "pemkot-ambon",
        "Pemerintah Kota Ambon",
        "pemerintah_kota",
        "Kota Ambon",
        "Maluku",
        _regency_units("Sirimau", mpp=True, hospital="RSUD Kota Ambon"),
    ),
    DemoAgency(
        "pemprov-papua-barat",
        "Pemerintah Provinsi Papua Barat",
        "pemerintah_provinsi",
        "Papua Barat",
        "Papua Barat",
        [
            DemoUnit("DPMPTSP", "dpmptsp", "Dinas Penanaman Modal dan PTSP Provinsi Papua Barat"),
            DemoUnit("SAMSAT-MANOKWARI", "samsat", "Samsat Manokwari"),
        ],
    ),
    DemoAgency(
        "pemkab-manokwari",
        "Pemerintah Kabupaten Manokwari",
        "pemerintah_kabupaten",
        "Kabupaten Manokwari",
        "Papua Barat",
        _regency_units("Manokwari Barat", district_word="Distrik"),
    ),
    DemoAgency(
        "pemkab-teluk-wondama",
        "Pemerintah Kabupaten Teluk Wondama",
        "pemerintah_kabupaten",
        "Kabupaten Teluk Wondama",
        "Papua Barat",
        _regency_units("Wasior", district_word="Distrik"),
    ),
    DemoAgency(
        "pemkab-sorong",
        "Pemerintah Kabupaten Sorong",
        "pemerintah_kabupaten",
        "Kabupaten Sorong",
        "Papua Barat Daya",
        _regency_units("Aimas", district_word="Distrik"),
    ),
    DemoAgency(
        "pemprov-bengkulu",
        "Pemerintah Provinsi Bengkulu",
        "pemerintah_provinsi",
        "Bengkulu",
        "Bengkulu",
        [
            DemoUnit("DPMPTSP", "dpmptsp", "Dinas Penanaman Modal dan PTSP Provinsi Bengkulu"),
            DemoUnit("RSUD-MYUNUS", "rsud", "RSUD dr. M. Yunus"),
            DemoUnit("SAMSAT-BENGKULU", "samsat", "Samsat Kota Bengkulu"),
        ],
    ),
    DemoAgency(
        "pemkab-barito-kuala",
        "Pemerintah Kabupaten Barito Kuala",
        "pemerintah_kabupaten",
        "Kabupaten Barito Kuala",
        "Kalimantan Selatan",
        _regency_units("Marabahan", mpp=True, hospital="RSUD H. Abdul Aziz Marabahan"),
    ),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    position: str
    role: str
    agency: str = ""  # agency code
    unit: str = ""  # "<agency code>/<unit suffix>", resolved to the unit's code when seeding
    region_name: str = ""  # evaluators: a province name
    description: str = ""


USERS: list[DemoUser] = [
    DemoUser(
        "admin.nasional",
        "Ratna Sari",
        "Analis Kebijakan, Deputi Bidang Pelayanan Publik",
        "national_admin",
        description="National administrator (Kementerian PANRB); two-factor required",
    ),
    DemoUser(
        "evaluator.maluku",
        "Yohanis Latuheru",
        "Analis Organisasi, Biro Organisasi Setda Provinsi Maluku",
        "evaluator",
        region_name="Maluku",
        description="Evaluator for Provinsi Maluku and its regencies",
    ),
    DemoUser(
        "admin.buru",
        "Siti Wael",
        "Kepala Bagian Organisasi, Setda Kabupaten Buru",
        "agency_admin",
        agency="pemkab-buru",
        description="Agency administrator, Pemerintah Kabupaten Buru",
    ),
    DemoUser(
        "admin.ambon",
        "Marthen Pattiasina",
        "Kepala Bagian Organisasi, Setda Kota Ambon",
        "agency_admin",
        agency="pemkot-ambon",
        description="Agency administrator, Pemerintah Kota Ambon",
    ),
    DemoUser(
        "operator.dukcapil.buru",
        "Abdul Fatah Tuanany",
        "Operator Pelayanan",
        "unit_operator",
        unit="pemkab-buru/DUKCAPIL",
        description="Operator, Disdukcapil Kabupaten Buru",
    ),
]
