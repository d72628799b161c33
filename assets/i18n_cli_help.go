package assets

// The help of sealctl and of each of its commands (`sealctl help CMD`,
// `sealctl CMD --help`), zh-CN first. Each text names the command, says what
// it does, lists its flags and ends with examples under 示例 / Examples.
func init() {
	for k, v := range map[string][2]string{
		"cli.help": {`sealctl - SealDesk 电子印章工作站命令行

用法：sealctl [--lang zh-CN|en] 命令 [参数]…

命令：
  init-demo      建立演示工作区
  seals          列出印章（同 seal list）
  request        提交用印申请；request export 导出申请及其审批
  requests       列出用印申请
  approve        批准用印申请或复印申请
  reject         驳回用印申请或复印申请
  withdraw       撤回自己的用印申请
  stamp          用已批准的申请盖章
  verify         核验签章文档（PDF、OFD）或印章数据
  find           在 PDF 中查找关键字的位置（页码和中心毫米数）
  ledger         查看、核验、导出、导入、归档台账
  seal           印章的制作、启用、暂停、注销、发放等管理
  keys           USB Key（PKCS#11）：列出、修改保护口令、绑定印章
  approval       导入另一工作站的申请或审批（approval import）
  grant          授权用户使用印章，撤销或列出授权
  rule           设置印章的审批规则（需要几人批准）
  print-request  申请打印已盖章文档的复印件
  print          打印已批准的复印件
  verify-copy    核验纸质复印件上的二维码
  audit          生成签名的审计报告
  trust          列出或添加信任锚
  settings       查看或修改工作站设置
  user           用户管理
  version        显示版本

每个命令的说明和示例：sealctl help 命令（或 sealctl 命令 --help）。
位置为印章中心距页面左上角的毫米数。密码取自 SEALDESK_PASSWORD，保护口令取自 SEALDESK_PIN，
否则在终端中提示输入（不回显）。--lang 或 SEALDESK_LANG 选择提示语言（默认中文）。

示例：
  sealctl init-demo --home /tmp/demo
  sealctl help stamp
`, `sealctl - SealDesk sealing workstation, command line

Usage: sealctl [--lang zh-CN|en] COMMAND [FLAGS]…

Commands:
  init-demo      create a demo workspace
  seals          list the seals (same as seal list)
  request        file a stamp request; request export carries it with its approvals
  requests       list stamp requests
  approve        approve a stamp or print request
  reject         reject a stamp or print request
  withdraw       withdraw a stamp request you made
  stamp          stamp with an approved request
  verify         verify a signed document (PDF, OFD) or seal data
  find           find where a keyword is in a PDF (page and centre in mm)
  ledger         show, verify, export, import and archive the ledger
  seal           make, suspend, resume, revoke, issue… seals
  keys           USB keys (PKCS#11): list, change the PIN, bind to a seal
  approval       import a request or approvals from another workstation (approval import)
  grant          authorise a user to use a seal; withdraw or list grants
  rule           set a seal's approval rule (how many approvals)
  print-request  ask to print copies of a stamped document
  print          print approved copies
  verify-copy    check the QR code on a paper copy
  audit          make a signed audit report
  trust          list or add trust anchors
  settings       show or change the workstation's settings
  user           manage users
  version        print the version

Each command's help and examples: sealctl help COMMAND (or sealctl COMMAND --help).
Positions are the seal's centre in millimetres from the page's top-left corner. Passwords come from
SEALDESK_PASSWORD, PINs from SEALDESK_PIN, else a prompt with echo off. --lang or SEALDESK_LANG
chooses the language of messages (Chinese by default).

Examples:
  sealctl init-demo --home /tmp/demo
  sealctl help stamp
`},

		"cli.help.init-demo": {`sealctl init-demo - 建立演示工作区

用法：
  sealctl init-demo --home 目录 [--field-of 总部目录 [--as 总部管理员]]

在新目录中建立演示工作区：演示 CA、五枚印章（SM2 与 ECDSA）、用户 admin、custodian、
approver、printer、auditor（密码均为 demo，印章保护口令 135790）和一份示例合同。
目录已存在工作区时拒绝。

加 --field-of 时，新工作区是总部工作区的外勤工作站，两者随即配对：双方管理员各自把对方的
根证书加为信任锚（与 sealctl trust add 相同、记入台账的操作），于是总部的审批可导入外勤，
外勤的台账可导入总部。先以总部管理员登录（密码取自 SEALDESK_PASSWORD），登录失败则什么都不建立。

  --home 目录       新工作区的目录（必需）
  --field-of 目录   与之配对的总部演示工作区
  --as 用户         总部的管理员（默认 admin）

示例：
  sealctl init-demo --home /tmp/demo
  sealctl init-demo --home /tmp/field --field-of /tmp/hq
`, `sealctl init-demo - create a demo workspace

Usage:
  sealctl init-demo --home DIR [--field-of HQ_DIR [--as HQ_ADMIN]]

Creates a demo workspace in a new folder: a demo CA, five seals (SM2 and ECDSA), the users admin,
custodian, approver, printer and auditor (password demo, seal PIN 135790) and a sample contract.
Refused when the folder already holds a workspace.

With --field-of the new workspace is a field workstation of the headquarters workspace, and the two
are paired: each administrator adds the other's roots as trust anchors (the recorded act of
sealctl trust add), so headquarters' approvals import at the field and the field's ledger imports
at headquarters. Headquarters' administrator signs in first (password from SEALDESK_PASSWORD); if
that fails, nothing is created.

  --home DIR       folder of the new workspace (required)
  --field-of DIR   headquarters demo workspace to pair it with
  --as USER        headquarters' administrator (default admin)

Examples:
  sealctl init-demo --home /tmp/demo
  sealctl init-demo --home /tmp/field --field-of /tmp/hq
`},

		"cli.help.seals": {`sealctl seals - 列出印章

用法：
  sealctl seals --home 目录 [--json]

列出工作区的印章：编号、名称、类别、印章编码、算法、状态和有效期（同 sealctl seal list）。

  --home 目录   工作区目录（必需）
  --json        输出 JSON

示例：
  sealctl seals --home /tmp/demo
  sealctl seals --home /tmp/demo --json
`, `sealctl seals - list the seals

Usage:
  sealctl seals --home DIR [--json]

Lists the workspace's seals: id, name, kind, seal code, algorithm, status and validity (same as
sealctl seal list).

  --home DIR   workspace folder (required)
  --json       print JSON

Examples:
  sealctl seals --home /tmp/demo
  sealctl seals --home /tmp/demo --json
`},

		"cli.help.request": {`sealctl request - 提交用印申请

用法：
  sealctl request --home 目录 --as 用户 --seal 印章 --doc 文件.pdf --page N --x 毫米 --y 毫米 [--reason 事由]
  sealctl request … --page 2,4-6 --x 毫米 --y 毫米 [--at 页:X:Y]…
  sealctl request … --seam right|left|top|bottom [--pages 范围] [--offset 毫米]
  sealctl request … --keyword 文字 [--keyword-index N|all] [--dx 毫米 --dy 毫米]
  sealctl request export --home 目录 --as 用户 --out 文件 编号

提交用印申请，在标准输出上只打印申请编号（便于脚本使用）。位置为印章中心距页面左上角的毫米数。
request export 把申请及其已签名的审批写入文件，带到另一工作站（见 approval import）。

  --seal 印章     印章编号、编码或名称（必需）
  --doc 文件      要盖章的 PDF 或 OFD 文档（必需）；重复 --doc 即为批量申请，打印批量编号
  --docs 文件夹   对文件夹中每份 PDF 提交一个批量申请
  --page N        页码，从 1 起；多页同一位置写作 2,4-6
  --x、--y 毫米   印章中心位置
  --at 页:X:Y     再加一处位置（可重复），如 --at 3:150:240
  --seam 页边     骑缝章：印章切成与页数相同的等分，每页在该页边盖一份，依次排开即为完整印章
  --pages 范围    骑缝章所跨的页，如 1-5（默认全部，至少两页）
  --offset 毫米   骑缝章沿页边的位置（默认页边中点）
  --keyword 文字  按文档中的文字定位，印章中心盖在文字上（如“盖章处”）；批准记录找到的位置
  --keyword-index N|all  文字出现多次时盖在第 N 处或全部；未指定且出现多次则拒绝
  --dx、--dy 毫米 相对文字位置向右、向下偏移
  --reason 事由   用印事由
  --out 文件      request export 写入的文件（必需）

示例：
  id=$(sealctl request --home /tmp/demo --as custodian --seal contract --doc 合同.pdf --page 2 --x 60 --y 90 --reason 销售合同)
  sealctl request export --home /tmp/demo --as custodian "$id" --out req.json
`, `sealctl request - file a stamp request

Usage:
  sealctl request --home DIR --as USER --seal SEAL --doc FILE.pdf --page N --x MM --y MM [--reason TEXT]
  sealctl request … --page 2,4-6 --x MM --y MM [--at PAGE:X:Y]…
  sealctl request … --seam right|left|top|bottom [--pages RANGE] [--offset MM]
  sealctl request … --keyword TEXT [--keyword-index N|all] [--dx MM --dy MM]
  sealctl request export --home DIR --as USER --out FILE ID

Files a stamp request and prints its id alone on standard output (for scripts). The position is the
seal's centre in millimetres from the page's top-left corner. request export writes the request with
its signed approvals to a file for another workstation (see approval import).

  --seal SEAL    seal id, code or name (required)
  --doc FILE     the PDF or OFD document to stamp (required); repeated, a batch: prints the batch id
  --docs FOLDER  one batch over every PDF in the folder
  --page N       page number, from 1; the same spot on several pages: 2,4-6
  --x, --y MM    the seal's centre
  --at P:X:Y     one more spot (repeatable), e.g. --at 3:150:240
  --seam EDGE    cross-page seal: the seal cut into as many equal slices as pages, one at this
                 edge of each page, so that the pages laid side by side show the whole seal
  --pages RANGE  the cross-page seal's pages, e.g. 1-5 (default all; at least two)
  --offset MM    the cross-page seal's position along the edge (default the middle)
  --keyword TEXT the seal's centre on this text of the document (e.g. 盖章处); the approval
                 records the positions found
  --keyword-index N|all  which match when the text occurs more than once; without it, more than
                 one match is refused
  --dx, --dy MM  move the spot right and down from the text
  --reason TEXT  reason for the stamp
  --out FILE     file that request export writes (required)

Examples:
  id=$(sealctl request --home /tmp/demo --as custodian --seal contract --doc contract.pdf --page 2 --x 60 --y 90 --reason "sales contract")
  sealctl request export --home /tmp/demo --as custodian "$id" --out req.json
`},

		"cli.help.requests": {`sealctl requests - 列出用印申请

用法：
  sealctl requests --home 目录 [--status pending|approved|rejected|used|withdrawn] [--mine 用户] [--json]

列出用印申请：编号、状态（多人审批时显示已批准人数）、申请人、印章、文档、位置和事由。

  --home 目录     工作区目录（必需）
  --status 状态   只列出此状态的申请
  --mine 用户     只列出该用户提交的申请
  --json          输出 JSON

示例：
  sealctl requests --home /tmp/demo --status pending
  sealctl requests --home /tmp/demo --mine custodian
`, `sealctl requests - list stamp requests

Usage:
  sealctl requests --home DIR [--status pending|approved|rejected|used|withdrawn] [--mine USER] [--json]

Lists stamp requests: id, status (with the approvals so far under a two-approver rule), requester,
seal, document, position and reason.

  --home DIR       workspace folder (required)
  --status STATUS  only requests in this status
  --mine USER      only the requests USER made
  --json           print JSON

Examples:
  sealctl requests --home /tmp/demo --status pending
  sealctl requests --home /tmp/demo --mine custodian
`},

		"cli.help.withdraw": {`sealctl withdraw - 撤回用印申请

用法：
  sealctl withdraw --home 目录 --as 用户 编号

撤回自己提交、尚未盖章的用印申请（待审批或已批准）。撤回后其审批作废，不能再用于盖章；撤回记入台账。

示例：
  sealctl withdraw --home /tmp/demo --as custodian R20261204-3F9A2C
`, `sealctl withdraw - withdraw a stamp request

Usage:
  sealctl withdraw --home DIR --as USER ID

Takes back a stamp request you made that is not yet stamped (pending or approved). Its approvals are
spent with it and it can no longer be stamped; the withdrawal is a ledger entry.

Examples:
  sealctl withdraw --home /tmp/demo --as custodian R20261204-3F9A2C
`},

		"cli.help.approve": {`sealctl approve - 批准申请

用法：
  sealctl approve --home 目录 --as 审批人 [--comment 意见] 编号

批准一项待审批的用印申请或复印申请。审批人不能是申请人；印章的审批规则要求多人批准时，
显示已批准人数和尚需人数。编号为批量编号（B 开头）时，逐份批准批量中每份待审批的文档，
每份文档各有其签名的批准。

  --as 审批人         具有审批角色的用户（必需）
  --comment 意见      审批意见

示例：
  sealctl approve --home /tmp/demo --as approver "$id"
`, `sealctl approve - approve a request

Usage:
  sealctl approve --home DIR --as APPROVER [--comment TEXT] ID

Approves a pending stamp or print request. The approver cannot be the requester; under a rule that
needs several approvals, says how many there are and how many are still needed. A batch id (starting
with B) approves every pending document of the batch, each with its own signed approval.

  --as APPROVER    a user with the approver role (required)
  --comment TEXT   comment

Examples:
  sealctl approve --home /tmp/demo --as approver "$id"
`},

		"cli.help.reject": {`sealctl reject - 驳回申请

用法：
  sealctl reject --home 目录 --as 审批人 [--comment 意见] 编号

驳回一项待审批的用印申请或复印申请；被驳回的申请不能再盖章。

  --as 审批人       具有审批角色的用户（必需）
  --comment 意见    驳回理由

示例：
  sealctl reject --home /tmp/demo --as approver --comment 金额有误 "$id"
`, `sealctl reject - reject a request

Usage:
  sealctl reject --home DIR --as APPROVER [--comment TEXT] ID

Rejects a pending stamp or print request; a rejected request can never be stamped.

  --as APPROVER    a user with the approver role (required)
  --comment TEXT   the reason

Examples:
  sealctl reject --home /tmp/demo --as approver --comment "wrong amount" "$id"
`},

		"cli.help.stamp": {`sealctl stamp - 用已批准的申请盖章

用法：
  sealctl stamp --home 目录 --as 用户 --request 编号 --out 输出.pdf [--doc 文件.pdf] [--key pkcs11:URI]
  sealctl stamp --home 目录 --as 用户 --request 批量编号 --out 文件夹 [--json]

用已批准的用印申请在文档上加盖电子印章，写入新文件（原文档不变）；每次批准只能盖章一次。
在标准输出上打印签章文件的路径。保护口令取自 SEALDESK_PIN，否则提示输入。
批量编号（B 开头）只输入一次口令，为批量中每份已批准的文档盖章，写入 --out 指定的新文件夹或空文件夹；
审批后被改动的文档单独拒绝，其余照常盖章；有拒绝时退出码为 1。

  --request 编号   已批准的用印申请或批量（必需）
  --out 文件       要写入的签章文件，不能已存在；批量时为新的或空的文件夹（必需）
  --json           以 JSON 输出批量结果
  --doc 文件       文档（默认：申请中记录的路径）
  --key URI        签章用的 USB Key（pkcs11: URI）

示例：
  SEALDESK_PIN=135790 sealctl stamp --home /tmp/demo --as custodian --request "$id" --out 合同-已盖章.pdf
`, `sealctl stamp - stamp with an approved request

Usage:
  sealctl stamp --home DIR --as USER --request ID --out OUT.pdf [--doc FILE.pdf] [--key pkcs11:URI]
  sealctl stamp --home DIR --as USER --request BATCH --out FOLDER [--json]

Puts the electronic seal on the document of an approved stamp request and writes a new file (the
original is left as it is); one approval allows one stamp. Prints the signed file's path on standard
output. The PIN comes from SEALDESK_PIN, else a prompt. A batch id (starting with B) stamps every
approved document of the batch with one PIN entry into FOLDER, new or empty; a document changed since
its approval is refused alone and the rest go on; the exit code is 1 when any was refused.

  --request ID   the approved stamp request, or a batch (required)
  --out FILE     the signed file to write; must not exist; for a batch a new or empty folder (required)
  --json         print the batch's summary as JSON
  --doc FILE     the document (default: the path recorded in the request)
  --key URI      the USB key to sign with (pkcs11: URI)

Examples:
  SEALDESK_PIN=135790 sealctl stamp --home /tmp/demo --as custodian --request "$id" --out contract-stamped.pdf
`},

		"cli.help.verify": {`sealctl verify - 核验签章文档或印章数据

用法：
  sealctl verify [--home 目录] [--trust 证书.pem] [--json] [--report 报告.pdf] 文件
  sealctl verify --extract-revision N --out 签署版本.pdf 文件

核验 PDF、OFD 文档的每个签章，或 GB/T 38540 印章数据与签名数据。有效时退出码为 0，无效为 1。

  --home 目录            使用此工作区的信任锚（及印章状态）
  --trust 文件           PEM 格式的信任锚
  --json                 输出 JSON
  --report 文件          写入签名的核验报告 PDF（需要 --home）
  --extract-revision N   写出第 N 个签章所签署的文档版本（需要 --out）

示例：
  sealctl verify --home /tmp/demo 合同-已盖章.pdf
  sealctl verify --extract-revision 1 --out 签署版本.pdf 合同-已盖章.pdf
`, `sealctl verify - verify a signed document or seal data

Usage:
  sealctl verify [--home DIR] [--trust CERTS.pem] [--json] [--report OUT.pdf] FILE
  sealctl verify --extract-revision N --out SIGNED.pdf FILE

Checks every signature of a PDF or OFD document, or GB/T 38540 seal or signature data. Exit code 0
when valid, 1 when not.

  --home DIR             use this workspace's trust anchors (and seal statuses)
  --trust FILE           trust anchors in PEM
  --json                 print JSON
  --report FILE          write a signed verification report PDF (needs --home)
  --extract-revision N   write the version signature N signed (needs --out)

Examples:
  sealctl verify --home /tmp/demo contract-stamped.pdf
  sealctl verify --extract-revision 1 --out signed.pdf contract-stamped.pdf
`},

		"cli.help.ledger": {`sealctl ledger - 台账

用法：
  sealctl ledger --home 目录 [--format table|csv|json] [--out 文件] [--seal 印章] [--user 用户] [--kind 操作]
                 [--outcome ok|refused|failed] [--request 编号] [--doc-hash SM3] [--from 日期] [--to 日期]
  sealctl ledger verify  --home 目录 [--full] [--witness 文件]…   （文件：盖章后的 PDF、审计报告、台账导出文件或申请文件）
  sealctl ledger export  --home 目录 --as 用户 [--since 日期] [--from-seq N] --out 文件
  sealctl ledger import  --home 目录 --as 用户 [--json] 文件
  sealctl ledger archive --home 目录 --as 用户 --before 日期 --out 文件

列出台账记录（可按印章、用户、操作、结果、申请、文档哈希和日期筛选）；verify 核验哈希链，
export/import 在工作站之间交换台账，archive 归档已过保存期的记录。日期格式为 YYYY-MM-DD。

示例：
  sealctl ledger --home /tmp/demo --kind stamp --from 2026-12-01
  sealctl ledger verify --home /tmp/demo
  sealctl ledger --home /tmp/demo --format csv --out 台账.csv
`, `sealctl ledger - the ledger

Usage:
  sealctl ledger --home DIR [--format table|csv|json] [--out FILE] [--seal ID] [--user NAME] [--kind KIND]
                 [--outcome ok|refused|failed] [--request ID] [--doc-hash HEX] [--from DATE] [--to DATE]
  sealctl ledger verify  --home DIR [--full] [--witness FILE]…   (FILE: a stamped PDF, audit report, ledger extract or request file)
  sealctl ledger export  --home DIR --as USER [--since DATE] [--from-seq N] --out FILE
  sealctl ledger import  --home DIR --as USER [--json] FILE
  sealctl ledger archive --home DIR --as USER --before DATE --out FILE

Lists ledger entries (filtered by seal, user, kind, outcome, request, document hash and dates);
verify checks the hash chain, export/import carry the ledger between workstations, archive moves out
the entries past their retention. Dates are YYYY-MM-DD.

Examples:
  sealctl ledger --home /tmp/demo --kind stamp --from 2026-12-01
  sealctl ledger verify --home /tmp/demo
  sealctl ledger --home /tmp/demo --format csv --out ledger.csv
`},

		"cli.help.seal": {`sealctl seal - 印章管理（管理员）

用法：
  sealctl seal make    --home 目录 --as 用户 --kind 类别 [--name 名称] [--code 编码] [--id 编号]
                       [--alg SM2|ECDSA-P256] [--purpose 用途] [--tax-id 税号] [--holder 姓名]
                       [--width 毫米 --height 毫米] [--color red|blue|black] [--no-star]
                       [--valid-from 日期] [--valid-to 日期] [--cert-years N] [--cert-list 1|2] [--json]
  sealctl seal list    --home 目录 [--json]
  sealctl seal show    --home 目录 [--json] 印章
  sealctl seal export  --home 目录 --as 用户 --out 文件.esl 印章
  sealctl seal import  --home 目录 --as 用户 --file 印章.esl --cert 证书.pem --key 密钥.key [--id 编号] [--kind 类别] [--json]
  sealctl seal suspend --home 目录 --as 用户 [--reason 原因] 印章
  sealctl seal resume  --home 目录 --as 用户 [--reason 原因] 印章
  sealctl seal revoke  --home 目录 --as 用户 --reason 原因 印章
  sealctl seal issue   --home 目录 --as 用户 --to 保管人 印章
  sealctl seal collect --home 目录 --as 保管人 印章
  sealctl seal sweep   --home 目录 --as 用户        （注销三个月内未领取的印章）
  sealctl seal pin     --home 目录 --as 保管人 印章
  sealctl seal reissue --home 目录 --as 用户 --reason 原因 [--name 名称] [--holder 姓名] [--org 单位]
                       [--purpose 用途] [--code 编码] [--id 编号] [--json] 印章

类别：official、contract、finance、invoice、business、legal-rep、personal。印章：编号、编码或名称。
新密钥的保护口令取自 SEALDESK_PIN，CA 的取自 SEALDESK_CA_PIN（演示工作区不需要）。
seal pin 修改印章软件密钥的保护口令（保管人）：当前口令取自 SEALDESK_PIN，新口令取自 SEALDESK_NEW_PIN，
否则提示输入。

示例：
  sealctl seal make --home /tmp/demo --as admin --kind finance --alg SM2
  sealctl seal suspend --home /tmp/demo --as admin --reason 印章遗失 contract
`, `sealctl seal - the seal lifecycle (administrators)

Usage:
  sealctl seal make    --home DIR --as USER --kind KIND [--name TEXT] [--code CODE] [--id ID]
                       [--alg SM2|ECDSA-P256] [--purpose TEXT] [--tax-id ID] [--holder NAME]
                       [--width MM --height MM] [--color red|blue|black] [--no-star]
                       [--valid-from DATE] [--valid-to DATE] [--cert-years N] [--cert-list 1|2] [--json]
  sealctl seal list    --home DIR [--json]
  sealctl seal show    --home DIR [--json] SEAL
  sealctl seal export  --home DIR --as USER --out FILE.esl SEAL
  sealctl seal import  --home DIR --as USER --file SEAL.esl --cert CERT.pem --key KEY.key [--id ID] [--kind KIND] [--json]
  sealctl seal suspend --home DIR --as USER [--reason TEXT] SEAL
  sealctl seal resume  --home DIR --as USER [--reason TEXT] SEAL
  sealctl seal revoke  --home DIR --as USER --reason TEXT SEAL
  sealctl seal issue   --home DIR --as USER --to CUSTODIAN SEAL
  sealctl seal collect --home DIR --as CUSTODIAN SEAL
  sealctl seal sweep   --home DIR --as USER        (revoke seals not collected within three months)
  sealctl seal pin     --home DIR --as CUSTODIAN SEAL
  sealctl seal reissue --home DIR --as USER --reason TEXT [--name TEXT] [--holder NAME] [--org NAME]
                       [--purpose TEXT] [--code CODE] [--id ID] [--json] SEAL

KIND: official, contract, finance, invoice, business, legal-rep, personal. SEAL: id, code or name.
The new key's PIN comes from SEALDESK_PIN, the CA's from SEALDESK_CA_PIN (a demo workspace needs none).
seal pin changes the protection PIN of a seal's software key (its custodian): the current PIN comes from
SEALDESK_PIN and the new one from SEALDESK_NEW_PIN, else it asks.

Examples:
  sealctl seal make --home /tmp/demo --as admin --kind finance --alg SM2
  sealctl seal suspend --home /tmp/demo --as admin --reason "seal lost" contract
`},

		"cli.help.keys": {`sealctl keys - USB Key（PKCS#11）

用法：
  sealctl keys list       [--module 路径]... [--json]
  sealctl keys pin change --key URI
  sealctl keys bind       --home 目录 --as 用户 --seal 印章 --key URI
  sealctl keys workstation --home 目录 --as 管理员 --key URI

workstation 把签署台账头部的工作站密钥迁移到 USB 密钥上的 SM2 密钥（CA 口令取自
SEALDESK_CA_PIN）：此后台账头部由该 USB 密钥签名，软件密钥文件删除；USB 密钥拔出时任何操作都不执行。
未指定 --module 时读取 SEALDESK_PKCS11_MODULES 和 p11-kit 配置中的模块。URI 为 keys list 打印的
RFC 7512 pkcs11: URI。当前保护口令取自 SEALDESK_PIN，新口令取自 SEALDESK_NEW_PIN，否则提示输入。
出厂默认口令（123456 等）须先修改才能签章。

示例：
  sealctl keys list --module /usr/lib/softhsm/libsofthsm2.so
  sealctl keys bind --home /tmp/demo --as admin --seal contract --key 'pkcs11:token=MyKey'
`, `sealctl keys - USB keys (PKCS#11)

Usage:
  sealctl keys list       [--module PATH]... [--json]
  sealctl keys pin change --key URI
  sealctl keys bind       --home DIR --as USER --seal SEAL --key URI
  sealctl keys workstation --home DIR --as ADMIN --key URI

workstation moves the key that signs ledger heads onto an SM2 key on a USB key (the CA PIN comes from
SEALDESK_CA_PIN): heads are signed by that USB key from then on and the software key file is deleted;
while the USB key is out, no act is carried out.
Without --module, the modules in SEALDESK_PKCS11_MODULES and the p11-kit configs are read.
URI is an RFC 7512 pkcs11: URI as "keys list" prints it. The current PIN comes from SEALDESK_PIN,
the new one from SEALDESK_NEW_PIN, else a prompt with echo off. A factory-default PIN (123456, …)
must be changed before the key can sign.

Examples:
  sealctl keys list --module /usr/lib/softhsm/libsofthsm2.so
  sealctl keys bind --home /tmp/demo --as admin --seal contract --key 'pkcs11:token=MyKey'
`},

		"cli.help.approval": {`sealctl approval - 导入申请或审批

用法：
  sealctl approval import --home 目录 --as 用户 文件

导入另一工作站用 request export 导出的用印申请及其审批；审批签名须能追溯到本工作站的信任锚。

示例：
  sealctl approval import --home /tmp/hq --as approver req.json
`, `sealctl approval - import a request or its approvals

Usage:
  sealctl approval import --home DIR --as USER FILE

Imports a stamp request and its approvals that another workstation wrote with request export; the
approvals' signatures must chain to this workstation's trust anchors.

Examples:
  sealctl approval import --home /tmp/hq --as approver req.json
`},

		"cli.help.grant": {`sealctl grant - 印章使用授权

用法：
  sealctl grant --home 目录 --as 管理员 --user 用户 --seal 印章 [--from 日期] [--to 日期]
  sealctl grant withdraw --home 目录 --as 管理员 编号
  sealctl grant list --home 目录 [--json]

授权用户在一段期限内使用印章（最长 3 年；截止日当天 23:59:59 结束），在标准输出上打印授权编号；
withdraw 撤销授权，list 列出授权。

  --user 用户   被授权的用户（必需）
  --seal 印章   印章编号、编码或名称（必需）
  --from 日期   起始日（默认今天）
  --to 日期     截止日（默认最长期限）

示例：
  sealctl grant --home /tmp/demo --as admin --user custodian --seal finance --to 2027-06-30
  sealctl grant list --home /tmp/demo
`, `sealctl grant - authorisations to use a seal

Usage:
  sealctl grant --home DIR --as ADMIN --user USER --seal SEAL [--from DATE] [--to DATE]
  sealctl grant withdraw --home DIR --as ADMIN ID
  sealctl grant list --home DIR [--json]

Authorises a user to use a seal for a period (at most 3 years; it ends at 23:59:59 on the last day)
and prints the grant's id on standard output; withdraw withdraws a grant, list lists them.

  --user USER   the user to authorise (required)
  --seal SEAL   seal id, code or name (required)
  --from DATE   first day (default today)
  --to DATE     last day (default the longest allowed)

Examples:
  sealctl grant --home /tmp/demo --as admin --user custodian --seal finance --to 2027-06-30
  sealctl grant list --home /tmp/demo
`},

		"cli.help.rule": {`sealctl rule - 审批规则

用法：
  sealctl rule --home 目录 --as 管理员 --seal 印章 --required N [--approvers 甲,乙]

设置印章的审批规则：用印申请需要 N 人批准，可限定审批人。

  --seal 印章          印章编号、编码或名称（必需）
  --required N         需要的批准人数（默认 1）
  --approvers 名单     逗号分隔的审批人（默认：任何审批人）

示例：
  sealctl rule --home /tmp/demo --as admin --seal official --required 2
`, `sealctl rule - approval rules

Usage:
  sealctl rule --home DIR --as ADMIN --seal SEAL --required N [--approvers a,b]

Sets a seal's approval rule: its stamp requests need N approvals, optionally from named approvers.

  --seal SEAL         seal id, code or name (required)
  --required N        approvals required (default 1)
  --approvers LIST    comma-separated approvers (default: any approver)

Examples:
  sealctl rule --home /tmp/demo --as admin --seal official --required 2
`},

		"cli.help.print-request": {`sealctl print-request - 申请打印复印件

用法：
  sealctl print-request --home 目录 --as 用户 --doc 已盖章.pdf --copies N [--reason 事由]

申请打印已盖章文档的 N 份复印件，在标准输出上打印申请编号；批准后用 sealctl print 打印。

  --doc 文件      已盖章的文档（必需）
  --copies N      份数
  --reason 事由   用途

示例：
  pid=$(sealctl print-request --home /tmp/demo --as printer --doc 合同-已盖章.pdf --copies 2 --reason 报送税务局)
`, `sealctl print-request - ask to print copies

Usage:
  sealctl print-request --home DIR --as USER --doc STAMPED.pdf --copies N [--reason TEXT]

Asks to print N copies of a stamped document and prints the request's id on standard output; once
approved, sealctl print prints them.

  --doc FILE      the stamped document (required)
  --copies N      number of copies
  --reason TEXT   what they are for

Examples:
  pid=$(sealctl print-request --home /tmp/demo --as printer --doc contract-stamped.pdf --copies 2 --reason "tax office")
`},

		"cli.help.print": {`sealctl print - 打印已批准的复印件

用法：
  sealctl print --home 目录 --as 用户 --request 编号 (--out 目录 | --printer 打印机) [--grey]

打印已批准的复印件，每份带有可核验的二维码；--out 写成 PDF 文件（在标准输出上逐行打印路径），
--printer 送往 CUPS 打印队列。

  --request 编号   已批准的复印申请（必需）
  --out 目录       写入复印件 PDF 的目录
  --printer 名称   CUPS 打印队列
  --grey           灰度

示例：
  sealctl print --home /tmp/demo --as printer --request "$pid" --out /tmp/copies
`, `sealctl print - print approved copies

Usage:
  sealctl print --home DIR --as USER --request ID (--out DIR | --printer NAME) [--grey]

Prints the copies of an approved print request, each with a QR code that can be checked; --out
writes PDF files (their paths on standard output, one a line), --printer sends them to a CUPS queue.

  --request ID     the approved print request (required)
  --out DIR        folder for the copies as PDF
  --printer NAME   CUPS queue
  --grey           greyscale

Examples:
  sealctl print --home /tmp/demo --as printer --request "$pid" --out /tmp/copies
`},

		"cli.help.verify-copy": {`sealctl verify-copy - 核验纸质复印件

用法：
  sealctl verify-copy (--qr 文本 | --image 扫描件.png) [--original 已盖章.pdf] [--json]

读取复印件上的二维码，显示份号、申请、时间和工作站；给出 --original 时核对它是否属于该文档。

示例：
  sealctl verify-copy --image scan.png --original 合同-已盖章.pdf
`, `sealctl verify-copy - check a paper copy

Usage:
  sealctl verify-copy (--qr TEXT | --image SCAN.png) [--original STAMPED.pdf] [--json]

Reads the QR code of a copy and shows its number, request, time and workstation; with --original,
checks that it belongs to that document.

Examples:
  sealctl verify-copy --image scan.png --original contract-stamped.pdf
`},

		"cli.help.audit": {`sealctl audit - 审计报告

用法：
  sealctl audit report --home 目录 --as 审计员 --from 日期 --to 日期 --out 报告.pdf [--json]

生成一段期间的审计报告 PDF（台账记录、盖章次数、拒绝与失败），由工作站的 SM2 密钥签名。

示例：
  sealctl audit report --home /tmp/demo --as auditor --from 2026-12-01 --to 2026-12-31 --out 审计报告.pdf
`, `sealctl audit - audit reports

Usage:
  sealctl audit report --home DIR --as AUDITOR --from DATE --to DATE --out REPORT.pdf [--json]

Writes an audit report PDF for a period (ledger entries, stamps, refusals and failures), signed with
the workstation's SM2 key.

Examples:
  sealctl audit report --home /tmp/demo --as auditor --from 2026-12-01 --to 2026-12-31 --out audit.pdf
`},

		"cli.help.trust": {`sealctl trust - 信任锚

用法：
  sealctl trust list --home 目录 [--json]
  sealctl trust add  --home 目录 --as 管理员 文件.pem…

列出或添加本工作站信任的根证书（用于审批、台账导入和核验）；每次添加都记入台账。
放入工作区 trust/ 目录的文件不会被信任。

示例：
  sealctl trust add --home /tmp/hq --as admin /tmp/field/trust/demo-sm2-root.pem
  sealctl trust list --home /tmp/hq
`, `sealctl trust - trust anchors

Usage:
  sealctl trust list --home DIR [--json]
  sealctl trust add  --home DIR --as ADMIN FILE.pem…

Lists or adds the root certificates this workstation trusts (for approvals, ledger imports and
verification); each addition is a ledger entry. A file dropped into the workspace's trust/ folder
is not trusted.

Examples:
  sealctl trust add --home /tmp/hq --as admin /tmp/field/trust/demo-sm2-root.pem
  sealctl trust list --home /tmp/hq
`},

		"cli.help.settings": {`sealctl settings - 工作站设置

用法：
  sealctl settings --home 目录 [--json]
  sealctl settings set --home 目录 --as 管理员 [--idle-minutes N] [--operation-logs-months N]
                       [--evidence-months N] [--max-file-mb N] [--pin-max-days N] [--usb-vendors 列表]

显示或修改空闲自动退出时间、保存期限、文件大小上限、印章保护口令修改周期（天，7–366；0 为不限：
超期的软件密钥须先修改保护口令才能盖章）和 USB Key 厂商。

示例：
  sealctl settings --home /tmp/demo
  sealctl settings set --home /tmp/demo --as admin --idle-minutes 15
`, `sealctl settings - workstation settings

Usage:
  sealctl settings --home DIR [--json]
  sealctl settings set --home DIR --as ADMIN [--idle-minutes N] [--operation-logs-months N]
                       [--evidence-months N] [--max-file-mb N] [--pin-max-days N] [--usb-vendors LIST]

Shows or changes the idle sign-out, retention periods, the largest file read, how often seal PINs must be
changed (days, 7-366; 0: no limit: a software key past it must have its PIN changed before it stamps) and
the USB key vendors.

Examples:
  sealctl settings --home /tmp/demo
  sealctl settings set --home /tmp/demo --as admin --idle-minutes 15
`},

		"cli.help.user": {`sealctl user - 用户管理（仅管理员；每项操作都记入台账）

用法：
  sealctl user list     --home 目录 --as 管理员 [--json]
  sealctl user add      --home 目录 --as 管理员 --name 用户名 --roles 角色[,角色] [--display 姓名]
  sealctl user password --home 目录 --as 管理员 用户名
  sealctl user disable  --home 目录 --as 管理员 用户名
  sealctl user enable   --home 目录 --as 管理员 用户名
  sealctl user unlock   --home 目录 --as 管理员 用户名      （密码错误 10 次后，或提前结束等待）
  sealctl user recover-admin --home 目录 用户名            （最后一位管理员；见 README）
  sealctl user certify  --home 目录 --as 管理员            （升级：为用户登录时生成的密钥签发证书）

角色：admin、custodian、approver、printer、auditor。演示工作区之外密码至少 8 个字符。
管理员密码取自 SEALDESK_PASSWORD，新用户的取自 SEALDESK_NEW_PASSWORD，否则提示输入两次（不回显）。
每位用户都会从工作区 CA 获得签名密钥，CA 保护口令取自 SEALDESK_CA_PIN（演示工作区用演示口令）。

示例：
  SEALDESK_NEW_PASSWORD='…' sealctl user add --home /tmp/demo --as admin --name zhouli --display 周丽 --roles printer,auditor
  sealctl user list --home /tmp/demo --as admin
`, `sealctl user - users and sign-in (administrators only; every act is a ledger entry)

Usage:
  sealctl user list     --home DIR --as ADMIN [--json]
  sealctl user add      --home DIR --as ADMIN --name NAME --roles ROLE[,ROLE] [--display TEXT]
  sealctl user password --home DIR --as ADMIN NAME
  sealctl user disable  --home DIR --as ADMIN NAME
  sealctl user enable   --home DIR --as ADMIN NAME
  sealctl user unlock   --home DIR --as ADMIN NAME        (after 10 wrong passwords, or to end a wait)
  sealctl user recover-admin --home DIR NAME              (the last administrator; see README)
  sealctl user certify  --home DIR --as ADMIN             (upgrade: certify the keys users made at sign-in)

Roles: admin, custodian, approver, printer, auditor. Passwords need at least 8 characters outside
the demo workspace. The administrator's password comes from SEALDESK_PASSWORD, the new user's from
SEALDESK_NEW_PASSWORD, else a prompt (twice) with echo off. Every user gets a signing key from
the workspace CA, whose PIN comes from SEALDESK_CA_PIN (the demo PIN in the demo workspace).

Examples:
  SEALDESK_NEW_PASSWORD='…' sealctl user add --home /tmp/demo --as admin --name zhouli --display "Zhou Li" --roles printer,auditor
  sealctl user list --home /tmp/demo --as admin
`},

		"cli.help.version": {`sealctl version - 显示版本

用法：
  sealctl version
  sealctl --version

显示 sealctl 的版本，以及构建时记录的源代码修订号。

示例：
  sealctl --version
`, `sealctl version - print the version

Usage:
  sealctl version
  sealctl --version

Prints sealctl's version and, when the build recorded it, the source revision.

Examples:
  sealctl --version
`},
	} {
		messages[k] = v
	}
}
